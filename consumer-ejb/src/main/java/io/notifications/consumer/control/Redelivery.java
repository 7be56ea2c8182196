package io.notifications.consumer.control;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.notifications.consumer.metrics.ConsumerMetrics;
import io.notifications.message.Event;
import io.notifications.message.EventLog;
import io.notifications.message.Topology;
import io.notifications.message.TraceParent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What becomes of a message the consumer could not store. A failed attempt puts it in the retry queue of its delay,
 * with the count in {@value Topology#ATTEMPTS_HEADER}, from which it comes back when the delay expires; after
 * {@code consumer.max-attempts} attempts, or when it can never be stored, it is parked in
 * {@value Topology#DEAD_LETTER_QUEUE} with the reason in {@value Topology#PARKED_REASON_HEADER}. Either way the copy
 * is confirmed by RabbitMQ before the original is acknowledged: the message is in one queue or the other at every
 * moment, never in none.
 */
public final class Redelivery {

    private static final Logger LOG = Logger.getLogger(Redelivery.class.getName());
    private static final int PERSISTENT = 2;
    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final Topology topology;
    private final int maxAttempts;
    private final ConsumerMetrics metrics;

    public Redelivery(Topology topology, int maxAttempts, ConsumerMetrics metrics) {
        this.topology = topology;
        this.maxAttempts = maxAttempts;
        this.metrics = metrics;
    }

    /** Counts a failed attempt: the message waits for its retry delay, or is parked once its attempts are used up. */
    public void retryLater(Channel channel, Delivery delivery, Event event, String reason) throws IOException {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        int attempts = attempts(headers) + 1;
        if (attempts >= maxAttempts) {
            park(channel, delivery, event.eventId(), event.trace(), "gave up after " + attempts + " attempts: " + reason, attempts);
            return;
        }
        Duration delay = topology.retryDelay(attempts);
        forward(channel, delivery, Topology.RETRY_EXCHANGE, Topology.retryQueue(delay), retryHeaders(headers, attempts, Instant.now()));
        metrics.retried();
        EventLog.log(LOG, Level.WARNING, event.eventId(), event.traceId(), () -> "Attempt " + attempts + " of " + maxAttempts
                + " to store event " + event.eventId() + " failed (" + reason + "); next attempt in " + delay.toMillis() + " ms");
    }

    /**
     * Parks a message that can never be stored.
     *
     * @param eventId  the event's id, or {@code null} when the message is no valid event
     * @param trace    the message's trace, or {@code null}
     * @param attempts the failed attempts to store it, this one included
     */
    public void park(Channel channel, Delivery delivery, UUID eventId, TraceParent trace, String reason, int attempts) throws IOException {
        forward(channel, delivery, Topology.DEAD_LETTER_EXCHANGE, Topology.ROUTING_KEY,
                parkHeaders(delivery.getProperties().getHeaders(), reason, attempts, Instant.now()));
        metrics.parked();
        EventLog.log(LOG, Level.WARNING, eventId, trace == null ? null : trace.traceId(), () -> "Parked message "
                + delivery.getProperties().getMessageId() + (eventId == null ? "" : " (event " + eventId + ")") + " in "
                + Topology.DEAD_LETTER_QUEUE + ": " + reason);
    }

    /** Failed attempts so far, from the message's headers ({@code null} when it has none). */
    public static int attempts(Map<String, Object> headers) {
        Object attempts = headers == null ? null : headers.get(Topology.ATTEMPTS_HEADER);
        return attempts instanceof Number number ? number.intValue() : 0;
    }

    /** The message's trace, when its {@value TraceParent#HEADER} header holds a valid one. */
    public static TraceParent trace(Map<String, Object> headers) {
        Object header = headers == null ? null : headers.get(TraceParent.HEADER);
        return header == null ? null : TraceParent.parse(header.toString());
    }

    /** The headers of the copy that waits in a retry queue: the message's own, and the count of failed attempts. */
    static Map<String, Object> retryHeaders(Map<String, Object> headers, int attempts, Instant now) {
        Map<String, Object> copy = copy(headers, now);
        copy.put(Topology.ATTEMPTS_HEADER, attempts);
        return copy;
    }

    /** The headers of the parked copy: the message's own, why and when it was parked, and its failed attempts. */
    static Map<String, Object> parkHeaders(Map<String, Object> headers, String reason, int attempts, Instant now) {
        Map<String, Object> copy = copy(headers, now);
        copy.put(Topology.PARKED_REASON_HEADER, reason);
        copy.put(Topology.PARKED_AT_HEADER, now.toString());
        copy.put(Topology.ATTEMPTS_HEADER, attempts);
        return copy;
    }

    /** The message's headers, and the time of its first failure unless an earlier attempt marked it already. */
    private static Map<String, Object> copy(Map<String, Object> headers, Instant now) {
        Map<String, Object> copy = headers == null ? new HashMap<>() : new HashMap<>(headers);
        copy.putIfAbsent(Topology.FIRST_FAILED_AT_HEADER, now.toString());
        return copy;
    }

    /** Publishes the copy, waits for RabbitMQ's confirm, and only then acknowledges the original. */
    private static void forward(Channel channel, Delivery delivery, String exchange, String routingKey, Map<String, Object> headers)
            throws IOException {
        AMQP.BasicProperties properties = delivery.getProperties().builder().headers(headers).deliveryMode(PERSISTENT).build();
        channel.basicPublish(exchange, routingKey, properties, delivery.getBody());
        try {
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for RabbitMQ to confirm a forwarded message", e);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not confirm a forwarded message", e);
        }
        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }
}
