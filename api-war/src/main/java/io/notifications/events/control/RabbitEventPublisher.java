package io.notifications.events.control;

import com.rabbitmq.client.AMQP;
import io.notifications.events.entity.Event;
import io.notifications.messaging.PublishingChannels;
import io.notifications.messaging.Topology;
import io.notifications.metrics.NotificationMetrics;
import io.notifications.tracing.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes each event as a persistent message, with the request's trace in the {@value TraceParent#HEADER} header;
 * RabbitMQ's publisher confirm completes the stage, and is counted with its latency.
 */
@ApplicationScoped
public class RabbitEventPublisher implements EventPublisher {

    private static final int PERSISTENT = 2;

    @Inject
    PublishingChannels channels;

    @Inject
    EventJson json;

    @Inject
    NotificationMetrics metrics;

    @Inject
    @ConfigProperty(name = "rabbitmq.confirm-timeout-ms")
    long confirmTimeoutMillis;

    @Override
    public CompletionStage<Void> publish(Event event) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(Topology.CONTENT_TYPE)
                .deliveryMode(PERSISTENT)
                .messageId(event.eventId().toString())
                .timestamp(Date.from(event.acceptedAt()))
                .headers(event.trace() == null ? null : Map.of(TraceParent.HEADER, event.trace().child().header()))
                .build();
        long handedOver = System.nanoTime();
        CompletionStage<Void> confirmed = channels.next().publish(Topology.EXCHANGE, Topology.ROUTING_KEY, properties,
                json.write(event), Duration.ofMillis(confirmTimeoutMillis));
        // A dependent of its own: the caller's stage stays exactly the channel's.
        confirmed.thenRun(() -> metrics.published(System.nanoTime() - handedOver));
        return confirmed;
    }
}
