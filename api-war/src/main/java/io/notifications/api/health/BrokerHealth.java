package io.notifications.api.health;

import io.notifications.api.messaging.BrokerConnection;
import io.notifications.api.messaging.PublishingChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the API can publish: its connection to RabbitMQ is open and not blocked by an alarm, and its
 * confirm channels are open.
 */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    @Inject
    BrokerConnection broker;

    @Inject
    PublishingChannels channels;

    @Override
    public HealthCheckResponse call() {
        String problem = broker.unavailableBecause();
        if (problem == null) {
            problem = channels.unavailableBecause();
        }
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rabbitmq")
                .status(problem == null)
                .withData("broker", broker.address());
        if (problem != null) {
            response.withData("error", problem);
        }
        return response.build();
    }
}
