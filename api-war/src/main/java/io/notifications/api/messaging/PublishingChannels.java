package io.notifications.api.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The confirm-mode channels every request publishes on, handed out in turn ({@code rabbitmq.publishing-channels} of
 * them): a few shared channels give bigger confirm batches and less broker work per message than a channel per
 * request. A channel that failed is replaced the next time its turn comes. Produced, and closed, by
 * {@link BrokerConnection}.
 */
public final class PublishingChannels {

    // Resuming a request is short work (its 202 or 503 is written by the HTTP layer): two threads keep up with
    // thousands a second on two cores.
    private static final int COMPLETION_THREADS = 2;

    private final BrokerConnection connection;
    private final Duration confirmTimeout;
    private final Executor aborts;
    // Completes the requests whose messages RabbitMQ confirmed, off the connection's thread.
    private final ExecutorService completions;
    private final AtomicReferenceArray<PublishingChannel> channels;
    // 1 while a request opens the slot's channel.
    private final AtomicIntegerArray opening;
    private final AtomicInteger turn = new AtomicInteger();

    PublishingChannels(BrokerConnection connection, int count, Duration confirmTimeout, ThreadFactory threads, Executor aborts) {
        this.connection = connection;
        this.confirmTimeout = confirmTimeout;
        this.aborts = aborts;
        this.completions = Executors.newFixedThreadPool(COMPLETION_THREADS, threads);
        this.channels = new AtomicReferenceArray<>(Math.max(1, count));
        this.opening = new AtomicIntegerArray(channels.length());
    }

    /**
     * Publishes the message on the channel whose turn it is; the stage completes once RabbitMQ confirmed it, and fails
     * with {@link BrokerUnavailableException} when it did not within {@code rabbitmq.confirm-timeout-ms}
     * ({@link PublishingChannel#publish}).
     *
     * @throws BrokerUnavailableException when RabbitMQ blocks publishers or no channel can be opened
     */
    public CompletionStage<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        return next().publish(exchange, routingKey, properties, body, confirmTimeout);
    }

    /** Publishes and waits for the outcome of {@link #publish}, for callers that have a thread to spare. */
    public void publishConfirmed(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        next().publishConfirmed(exchange, routingKey, properties, body, confirmTimeout);
    }

    /**
     * Why events cannot be published on every channel now, or {@code null} when they can: opens each channel that is
     * not open (none is at start; one that failed is replaced), so that the requests a load balancer sends once the
     * instance is ready do not find them being opened and get 503. The readiness check asks it.
     */
    public String unavailableBecause() {
        for (int slot = 0; slot < channels.length(); slot++) {
            PublishingChannel channel = channels.get(slot);
            if (channel == null || !channel.isUsable()) {
                try {
                    replace(slot, channel);
                } catch (BrokerUnavailableException e) {
                    return e.getMessage();
                }
            }
        }
        return null;
    }

    /** The channel whose turn it is; shared with every other request, so it is never closed by its user. */
    private PublishingChannel next() {
        String blocked = connection.blockedBecause();
        if (blocked != null) {
            // Nothing would be confirmed before the alarm clears: answer now rather than after the confirm timeout.
            throw new BrokerUnavailableException("RabbitMQ blocks publishers: " + blocked);
        }
        int slot = Math.floorMod(turn.getAndIncrement(), channels.length());
        PublishingChannel channel = channels.get(slot);
        return channel != null && channel.isUsable() ? channel : replace(slot, channel);
    }

    /**
     * Opens a new channel for the slot. Only one request opens a slot's channel at a time, and no lock is shared with
     * the other slots: opening may wait for a broker in trouble (up to the channel RPC timeout), and requests that
     * come meanwhile are answered 503 at once instead of queueing behind it until every HTTP thread waits.
     */
    private PublishingChannel replace(int slot, PublishingChannel failed) {
        if (!opening.compareAndSet(slot, 0, 1)) {
            throw new BrokerUnavailableException("A channel to RabbitMQ at " + connection.address() + " is being opened");
        }
        try {
            PublishingChannel current = channels.get(slot);
            if (current != failed && current != null && current.isUsable()) {
                return current; // another request replaced it meanwhile
            }
            if (current != null) {
                aborts.execute(current::abort); // off the request thread: a broker in trouble may not answer
            }
            PublishingChannel channel = open();
            channels.set(slot, channel);
            return channel;
        } finally {
            opening.set(slot, 0);
        }
    }

    private PublishingChannel open() {
        Channel opened = connection.openChannel();
        try {
            return new PublishingChannel(opened, completions);
        } catch (IOException | RuntimeException e) {
            aborts.execute(() -> {
                try {
                    opened.abort();
                } catch (IOException | RuntimeException ignored) {
                    // best effort: the connection releases its channels anyway
                }
            });
            throw new BrokerUnavailableException("Cannot put a channel to RabbitMQ at " + connection.address() + " in confirm mode", e);
        }
    }

    /** Fails what still waits for a confirm: those requests get 503. */
    void close() {
        for (int slot = 0; slot < channels.length(); slot++) {
            PublishingChannel channel = channels.getAndSet(slot, null);
            if (channel != null) {
                channel.abort();
            }
        }
        completions.shutdown();
    }
}
