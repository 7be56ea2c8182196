package io.notifications.consumer.control;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ReturnListener;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What becomes of a message the consumer could not store. A failed attempt puts it in the retry queue of its delay,
 * with the count in {@value Topology#ATTEMPTS_HEADER}, from which it comes back when the delay expires; after
 * {@code consumer.max-attempts} attempts, or when it can never be stored, it is parked in
 * {@value Topology#DEAD_LETTER_QUEUE} with the reason in {@value Topology#PARKED_REASON_HEADER}. Either way the copy
 * is published as mandatory and confirmed by RabbitMQ before the original is acknowledged: the message is in one queue
 * or the other at every moment, never in none.
 *
 * <p>A copy that no queue takes (its queue or binding is missing: RabbitMQ returns it before confirming it) or that
 * RabbitMQ refuses (a negative confirm) is not a copy: the original stays in hand, unacknowledged, and the copy is
 * published again after a growing pause ({@link Backoff}), until a queue takes it or the application stops (then the
 * original goes back to {@value Topology#QUEUE}). Like a database outage, this holds back the deliveries behind it,
 * without a storm of redeliveries, and every refusal is logged and counted.
 */
public final class Redelivery {

    private static final Logger LOG = Logger.getLogger(Redelivery.class.getName());
    private static final int PERSISTENT = 2;
    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    private final Topology topology;
    private final int maxAttempts;
    private final ConsumerMetrics metrics;
    private final StopSignal stop;
    private final Backoff backoff = Backoff.DEFAULT;

    public Redelivery(Topology topology, int maxAttempts, ConsumerMetrics metrics, StopSignal stop) {
        this.topology = topology;
        this.maxAttempts = maxAttempts;
        this.metrics = metrics;
        this.stop = stop;
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
        forward(channel, delivery, new Copy(Topology.RETRY_EXCHANGE, Topology.retryQueue(delay), Topology.retryQueue(delay),
                retryHeaders(headers, attempts, Instant.now())), event.eventId(), event.traceId());
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
        forward(channel, delivery, new Copy(Topology.DEAD_LETTER_EXCHANGE, Topology.ROUTING_KEY, Topology.DEAD_LETTER_QUEUE,
                parkHeaders(delivery.getProperties().getHeaders(), reason, attempts, Instant.now())), eventId,
                trace == null ? null : trace.traceId());
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

    /** Where a copy goes: the exchange and routing key it is published with, and the queue that should take it. */
    private record Copy(String exchange, String routingKey, String queue, Map<String, Object> headers) {
    }

    /**
     * Publishes the copy and acknowledges the original once RabbitMQ has confirmed the copy and routed it to a queue;
     * while it returns or refuses the copy, publishes it again after a pause, the original in hand.
     *
     * @throws IOException the copy cannot be confirmed in time, the channel closed, or the application stops: the
     *                     original is left unacknowledged
     */
    private void forward(Channel channel, Delivery delivery, Copy copy, UUID eventId, String traceId) throws IOException {
        String what = eventId == null ? "message " + delivery.getProperties().getMessageId() : "event " + eventId;
        for (int refusals = 0; ; ) {
            String refused = publishConfirmed(channel, delivery, copy);
            if (refused == null) {
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                if (refusals > 0) {
                    EventLog.log(LOG, Level.INFO, eventId, traceId, () -> copy.queue() + " took the copy of " + what + " at last");
                }
                return;
            }
            refusals++;
            metrics.copyRefused();
            Duration pause = backoff.pauseAfter(refusals, ThreadLocalRandom.current());
            int times = refusals;
            EventLog.log(LOG, Level.WARNING, eventId, traceId, () -> "RabbitMQ " + refused + " the copy of " + what + " for "
                    + copy.queue() + " (" + times + (times == 1 ? " time" : " times") + "); the original stays unacknowledged in "
                    + Topology.QUEUE + ", next try in " + pause.toMillis() + " ms");
            if (stop.await(pause) || !channel.isOpen()) {
                throw new IOException("gave up the copy of " + what + " for " + copy.queue() + ": "
                        + (stop.isStopping() ? "the application stops" : "the channel closed"));
            }
        }
    }

    /**
     * Publishes the copy as mandatory and waits for its confirm. RabbitMQ sends back a mandatory message no queue takes
     * before it confirms it, on the same channel, and the client hands both over in that order: once the confirm is in,
     * a return has been seen.
     *
     * @return {@code null} when the copy is confirmed and in a queue, else how it was refused, for the log
     */
    private static String publishConfirmed(Channel channel, Delivery delivery, Copy copy) throws IOException {
        AMQP.BasicProperties properties = delivery.getProperties().builder().headers(copy.headers()).deliveryMode(PERSISTENT).build();
        AtomicReference<Return> returned = new AtomicReference<>();
        ReturnListener listener = channel.addReturnListener(returned::set);
        try {
            channel.basicPublish(copy.exchange(), copy.routingKey(), true, properties, delivery.getBody());
            // Not waitForConfirmsOrDie: it closes the channel on a negative confirm, and the worker would lose the
            // deliveries in hand with it.
            boolean confirmed = channel.waitForConfirms(CONFIRM_TIMEOUT_MILLIS);
            Return back = returned.get();
            if (back != null) {
                return "returned (" + back.getReplyCode() + " " + back.getReplyText() + ")";
            }
            return confirmed ? null : "refused (negative confirm)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for RabbitMQ to confirm a copy for " + copy.queue(), e);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not confirm a copy for " + copy.queue() + " within " + CONFIRM_TIMEOUT_MILLIS + " ms", e);
        } finally {
            channel.removeReturnListener(listener);
        }
    }
}
