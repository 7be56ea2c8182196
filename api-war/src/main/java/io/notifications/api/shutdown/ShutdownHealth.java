package io.notifications.api.shutdown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once shutdown began: load balancers stop sending requests during the grace period. */
@Readiness
@ApplicationScoped
public class ShutdownHealth implements HealthCheck {

    @Inject
    Draining draining;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shutdown").status(!draining.isDraining()).build();
    }
}
