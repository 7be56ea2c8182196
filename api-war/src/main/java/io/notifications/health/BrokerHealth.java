package io.notifications.health;

import io.notifications.messaging.PublishingChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the API can publish: its connection to RabbitMQ is open and not blocked by an alarm. */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    @Inject
    PublishingChannels channels;

    @Override
    public HealthCheckResponse call() {
        String problem = channels.unavailableBecause();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rabbitmq")
                .status(problem == null)
                .withData("broker", channels.address());
        if (problem != null) {
            response.withData("error", problem);
        }
        return response.build();
    }
}
