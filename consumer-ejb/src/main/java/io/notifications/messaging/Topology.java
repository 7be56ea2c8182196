package io.notifications.messaging;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The RabbitMQ side of the wire contract: where events are published, where the consumer reads them, and where it
 * parks the ones it cannot store. Every declaration is idempotent, so the publisher and the consumer both declare it.
 */
public final class Topology {

    /** Durable direct exchange the API publishes every accepted event to. */
    public static final String EXCHANGE = "notifications";
    /** Durable queue the consumer reads. */
    public static final String QUEUE = "notification_events";
    public static final String ROUTING_KEY = QUEUE;

    /** Durable fanout exchange for messages the consumer parks or rejects. */
    public static final String DEAD_LETTER_EXCHANGE = "notifications.dead";
    /** Durable queue holding parked messages until an operator looks at them. */
    public static final String DEAD_LETTER_QUEUE = "notification_events.dead";

    /** Header of a parked message: why the consumer could not store it. */
    public static final String PARKED_REASON_HEADER = "x-parked-reason";
    /** Header of a parked message: when it was parked (ISO-8601 instant). */
    public static final String PARKED_AT_HEADER = "x-parked-at";
    /** Header counting the consumer's failed attempts to store the message; absent before the first failure. */
    public static final String ATTEMPTS_HEADER = "x-attempts";

    public static final String CONTENT_TYPE = "application/json";

    private Topology() {
    }

    public static void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(DEAD_LETTER_QUEUE, true, false, false, null);
        channel.queueBind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, "");

        channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.DIRECT, true);
        // A rejected message falls through to the dead-letter exchange instead of vanishing.
        channel.queueDeclare(QUEUE, true, false, false, Map.of("x-dead-letter-exchange", DEAD_LETTER_EXCHANGE));
        channel.queueBind(QUEUE, EXCHANGE, ROUTING_KEY);
    }
}
