package io.notifications.events.control;

import com.rabbitmq.client.AMQP;
import io.notifications.events.entity.Event;
import io.notifications.messaging.PublishingChannels;
import io.notifications.messaging.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes each event as a persistent message; RabbitMQ's publisher confirm completes the stage. */
@ApplicationScoped
public class RabbitEventPublisher implements EventPublisher {

    private static final int PERSISTENT = 2;

    @Inject
    PublishingChannels channels;

    @Inject
    EventJson json;

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
                .build();
        return channels.next().publish(Topology.EXCHANGE, Topology.ROUTING_KEY, properties, json.write(event),
                Duration.ofMillis(confirmTimeoutMillis));
    }
}
