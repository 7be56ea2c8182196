package io.notifications.api.events.control;

import com.rabbitmq.client.AMQP;
import io.notifications.api.messaging.PublishingChannels;
import io.notifications.api.metrics.ApiMetrics;
import io.notifications.message.Event;
import io.notifications.message.EventMessage;
import io.notifications.message.Topology;
import io.notifications.message.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.CompletionStage;

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
    EventMessage messages;

    @Inject
    ApiMetrics metrics;

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
        CompletionStage<Void> confirmed = channels.publish(Topology.EXCHANGE, Topology.ROUTING_KEY, properties, messages.write(event));
        // A dependent of its own: the caller's stage stays exactly the channel's.
        confirmed.thenRun(() -> metrics.published(System.nanoTime() - handedOver));
        return confirmed;
    }
}
