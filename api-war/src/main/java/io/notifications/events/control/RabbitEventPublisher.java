package io.notifications.events.control;

import com.rabbitmq.client.AMQP;
import io.notifications.events.entity.Event;
import io.notifications.messaging.PublishingChannel;
import io.notifications.messaging.Topology;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Publishes each event as a persistent message; RabbitMQ's publisher confirm completes the stage. */
@RequestScoped
public class RabbitEventPublisher implements EventPublisher {

    private static final int PERSISTENT = 2;

    @Inject
    PublishingChannel channel; // shared with other requests: the producer hands out a few channels in turn

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
        return channel.publish(Topology.EXCHANGE, Topology.ROUTING_KEY, properties, json.write(event),
                Duration.ofMillis(confirmTimeoutMillis));
    }
}
