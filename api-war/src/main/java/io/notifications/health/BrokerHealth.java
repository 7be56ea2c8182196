package io.notifications.health;

import io.notifications.messaging.PublishingChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the API can publish: its connection to RabbitMQ is open. */
@Readiness
@ApplicationScoped
public class BrokerHealth implements HealthCheck {

    @Inject
    PublishingChannels channels;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("rabbitmq")
                .status(channels.isConnected())
                .withData("broker", channels.address())
                .build();
    }
}
