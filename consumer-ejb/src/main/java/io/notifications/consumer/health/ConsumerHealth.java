package io.notifications.consumer.health;

import io.notifications.consumer.boundary.EventConsumer;
import io.notifications.consumer.control.Subscription;
import io.notifications.consumer.metrics.ConsumerMetrics;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the consumer consumes or is working its way back to consuming (connecting, recovering). Its data say
 * how many events it stored, absorbed as duplicates, retried and parked since start-up, and how many copies for a retry
 * or the parking queue RabbitMQ returned or refused, from its metrics.
 *
 * <p>{@code @Dependent}, and the counts through the EJB: Payara Server asks the health checks of an EJB module where
 * no application context is active.
 */
@Liveness
@Dependent
public class ConsumerHealth implements HealthCheck {

    @EJB
    EventConsumer consumer;

    @Override
    public HealthCheckResponse call() {
        Subscription.State state = consumer.state();
        ConsumerMetrics.Totals totals = consumer.totals();
        return HealthCheckResponse.named("consumer")
                .status(state != Subscription.State.STOPPED)
                .withData("state", state.name())
                .withData("stored", totals.stored())
                .withData("duplicates", totals.duplicates())
                .withData("retried", totals.retried())
                .withData("parked", totals.parked())
                .withData("copies_refused", totals.copiesRefused())
                .build();
    }
}
