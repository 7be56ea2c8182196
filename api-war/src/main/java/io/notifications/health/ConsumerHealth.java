package io.notifications.health;

import io.notifications.events.boundary.EventConsumer;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the consumer consumes or is working its way back to consuming (connecting, recovering). Its counters
 * say how many events it stored, absorbed as duplicates and parked since start-up.
 */
@Liveness
@ApplicationScoped
public class ConsumerHealth implements HealthCheck {

    @EJB
    EventConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        EventConsumer.State state = consumer.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("consumer")
                .status(state != EventConsumer.State.STOPPED)
                .withData("state", state.name());
        consumer.counts().forEach(response::withData);
        return response.build();
    }
}
