package io.notifications.api.health;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The health checks as a metric, so that Prometheus can alert on them: {@code notifications.health.up} (in
 * {@code /metrics}: {@code notifications_health_up{kind="readiness"}} and {@code {kind="liveness"}}) is 1 while every
 * check of its kind is UP, as {@code /health/ready} and {@code /health/live} would answer, and 0 otherwise.
 *
 * <p>Prometheus cannot read {@code /health} itself (JSON, and a 503 when DOWN), and Payara publishes no metric of
 * MicroProfile Health. The checks run when {@code /metrics} is read, the same beans {@code /health} runs.
 */
@ApplicationScoped
public class HealthMetrics {

    public static final String UP = "notifications.health.up";
    /** The tag of {@link #UP}: {@code readiness} or {@code liveness}. */
    public static final String KIND = "kind";

    @Inject
    MetricRegistry registry;

    @Inject
    @Any
    Instance<HealthCheck> checks;

    @PostConstruct
    void register() {
        Metadata up = Metadata.builder().withName(UP).withUnit(MetricUnits.NONE)
                .withDescription("1 while every health check of its kind (readiness, liveness) is UP, else 0").build();
        registry.gauge(up, checks.select(Readiness.Literal.INSTANCE), HealthMetrics::allUp, new Tag(KIND, "readiness"));
        registry.gauge(up, checks.select(Liveness.Literal.INSTANCE), HealthMetrics::allUp, new Tag(KIND, "liveness"));
    }

    /** Registers the gauges when the application starts, so that they are there from the first scrape. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the bean's creation registers them
    }

    private static double allUp(Instance<HealthCheck> checks) {
        // Through handles, so that each @Dependent check made for this reading is destroyed after it.
        for (Instance.Handle<HealthCheck> handle : checks.handles()) {
            try (handle) {
                if (!isUp(handle.get())) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** A check that throws is DOWN, as MicroProfile Health counts it. */
    static boolean isUp(HealthCheck check) {
        try {
            return check.call().getStatus() == HealthCheckResponse.Status.UP;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
