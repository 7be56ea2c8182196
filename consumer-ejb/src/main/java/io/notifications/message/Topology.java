package io.notifications.message;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ side of the wire contract: where events are published, where the consumer reads them, where it puts
 * them aside to retry later, and where it parks the ones it cannot store. Every declaration is idempotent, so the
 * publisher and the consumer both declare it.
 *
 * <pre>
 * API ──▶ notifications ──▶ notification_events ──▶ consumer ──▶ PostgreSQL
 *                ▲                                     │ │
 *                └── TTL expires ── notification_events.retry.&lt;delay&gt; ◀─ notifications.retry (a failed attempt)
 *                                                        └──▶ notifications.dead ──▶ notification_events.dead (parked)
 * </pre>
 *
 * @param quorumQueues whether queues are quorum queues (replicated on a cluster) instead of classic ones
 * @param retryDelays  the wait before each further attempt; one retry queue per distinct delay
 */
public record Topology(boolean quorumQueues, List<Duration> retryDelays) {

    /** Durable direct exchange the API publishes every accepted event to. */
    public static final String EXCHANGE = "notifications";
    /** Durable queue the consumer reads. */
    public static final String QUEUE = "notification_events";
    public static final String ROUTING_KEY = QUEUE;

    /** Durable direct exchange for events whose store attempt failed; it routes them to the retry queue of their delay. */
    public static final String RETRY_EXCHANGE = "notifications.retry";

    /** Durable fanout exchange for messages the consumer parks or rejects. */
    public static final String DEAD_LETTER_EXCHANGE = "notifications.dead";
    /** Durable queue holding parked messages until an operator looks at them. */
    public static final String DEAD_LETTER_QUEUE = "notification_events.dead";

    /** Header of a parked message: why the consumer could not store it. */
    public static final String PARKED_REASON_HEADER = "x-parked-reason";
    /**
     * Header of a message whose attempt to store it failed: when the first attempt failed (ISO-8601 instant), kept
     * through its retries and on parking.
     */
    public static final String FIRST_FAILED_AT_HEADER = "x-first-failed-at";
    /** Header of a parked message: when it was parked (ISO-8601 instant). */
    public static final String PARKED_AT_HEADER = "x-parked-at";
    /** Header of a message an operator sent back from the dead-letter queue: when (ISO-8601 instant). */
    public static final String REPLAYED_AT_HEADER = "x-replayed-at";
    /** Header counting the consumer's failed attempts to store the message; absent before the first failure. */
    public static final String ATTEMPTS_HEADER = "x-attempts";

    public static final String CONTENT_TYPE = "application/json";

    /**
     * Deliveries of one message a quorum queue allows before it dead-letters it: a second guard against a message
     * that crashes the consumer before it can be parked.
     */
    static final int QUORUM_DELIVERY_LIMIT = 20;

    /**
     * Deliveries of one parked message its quorum queue allows. Listing parked messages delivers them and gives them
     * back, and RabbitMQ 4 gives quorum queues a default limit of 20, past which a parked message would be dropped:
     * a limit this high never comes into play (-1 disables it on RabbitMQ 4 but not on 3).
     */
    static final int PARKED_DELIVERY_LIMIT = 1_000_000;

    public Topology {
        if (retryDelays.isEmpty()) {
            throw new IllegalArgumentException("at least one retry delay is needed");
        }
        retryDelays = List.copyOf(retryDelays);
    }

    /** The queue that holds a message for {@code delay} and then hands it back to {@link #EXCHANGE}. */
    public static String retryQueue(Duration delay) {
        return QUEUE + ".retry." + delay.toMillis() + "ms";
    }

    /** The wait before attempt number {@code failedAttempts + 1}; the last delay repeats. */
    public Duration retryDelay(int failedAttempts) {
        return retryDelays.get(Math.min(Math.max(failedAttempts, 1), retryDelays.size()) - 1);
    }

    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(DEAD_LETTER_QUEUE, true, false, false, deadLetterQueueArguments());
        channel.queueBind(DEAD_LETTER_QUEUE, DEAD_LETTER_EXCHANGE, "");

        channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.DIRECT, true);
        channel.queueDeclare(QUEUE, true, false, false, mainQueueArguments());
        channel.queueBind(QUEUE, EXCHANGE, ROUTING_KEY);

        channel.exchangeDeclare(RETRY_EXCHANGE, BuiltinExchangeType.DIRECT, true);
        for (Duration delay : retryDelays.stream().distinct().toList()) {
            channel.queueDeclare(retryQueue(delay), true, false, false, retryQueueArguments(delay));
            channel.queueBind(retryQueue(delay), RETRY_EXCHANGE, retryQueue(delay));
        }
    }

    Map<String, Object> mainQueueArguments() {
        Map<String, Object> arguments = new HashMap<>();
        // A rejected message falls through to the dead-letter exchange instead of vanishing.
        arguments.put("x-dead-letter-exchange", DEAD_LETTER_EXCHANGE);
        if (quorumQueues) {
            arguments.put("x-delivery-limit", QUORUM_DELIVERY_LIMIT);
        }
        return queueArguments(arguments);
    }

    Map<String, Object> deadLetterQueueArguments() {
        return queueArguments(quorumQueues ? Map.of("x-delivery-limit", PARKED_DELIVERY_LIMIT) : Map.of());
    }

    Map<String, Object> retryQueueArguments(Duration delay) {
        return queueArguments(Map.of(
                "x-message-ttl", delay.toMillis(),
                "x-dead-letter-exchange", EXCHANGE,
                "x-dead-letter-routing-key", ROUTING_KEY));
    }

    private Map<String, Object> queueArguments(Map<String, Object> arguments) {
        Map<String, Object> all = new HashMap<>(arguments);
        if (quorumQueues) {
            all.put("x-queue-type", "quorum");
            if (all.containsKey("x-dead-letter-exchange")) {
                // Quorum queues dead-letter at most once unless told otherwise: a message on its way to the main
                // queue or to the parking queue must not be dropped when the target is briefly unavailable.
                all.put("x-dead-letter-strategy", "at-least-once");
                all.put("x-overflow", "reject-publish");
            }
        }
        return all;
    }
}
