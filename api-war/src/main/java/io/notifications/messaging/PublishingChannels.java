package io.notifications.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.BlockedListener;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Owns the API's connection to RabbitMQ and produces the {@link PublishingChannel}s requests publish on: a few
 * confirm-mode channels that all requests share, handed out in turn. A channel that failed is replaced by a new one
 * the next time its turn comes. {@link #openChannel()} opens a plain channel on the same connection for work that
 * publishes nothing by itself.
 *
 * <p>The connection is separate from the consumer's, so that RabbitMQ's flow control on publishers never slows
 * down the acknowledgements of the consumer.
 */
@ApplicationScoped
public class PublishingChannels {

    private static final Logger LOG = Logger.getLogger(PublishingChannels.class.getName());
    // Resuming a request is short work (its 202 or 503 is written by the HTTP layer): two threads keep up with
    // thousands a second on two cores.
    private static final int COMPLETION_THREADS = 2;

    @Inject
    BrokerSettings broker;

    @Inject
    @ConfigProperty(name = "rabbitmq.publishing-channels")
    int channelCount;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    // Completes the requests whose messages RabbitMQ confirmed, off the connection's thread.
    private ExecutorService completions;

    private AtomicReferenceArray<PublishingChannel> channels;
    // 1 while a request opens the slot's channel.
    private AtomicIntegerArray opening;
    private final AtomicInteger turn = new AtomicInteger();
    private Connection connection;
    // Why RabbitMQ stopped reading from this connection (a memory or disk alarm), or null while it reads.
    private volatile String blockedBecause;

    @PostConstruct
    void createPool() {
        channels = new AtomicReferenceArray<>(Math.max(1, channelCount));
        opening = new AtomicIntegerArray(channels.length());
        completions = Executors.newFixedThreadPool(COMPLETION_THREADS, threads);
    }

    /**
     * The channel whose turn it is; shared with every other request, so it is never closed by its user.
     *
     * @throws BrokerUnavailableException when RabbitMQ blocks publishers or no channel can be opened
     */
    public PublishingChannel next() {
        if (blockedBecause != null) {
            // Nothing would be confirmed before the alarm clears: answer now rather than after the confirm timeout.
            throw new BrokerUnavailableException("RabbitMQ blocks publishers: " + blockedBecause);
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
            throw new BrokerUnavailableException("A channel to RabbitMQ at " + broker.address() + " is being opened");
        }
        try {
            PublishingChannel current = channels.get(slot);
            if (current != failed && current != null && current.isUsable()) {
                return current; // another request replaced it meanwhile
            }
            if (current != null) {
                executor.execute(current::abort); // off the request thread: a broker in trouble may not answer
            }
            PublishingChannel channel = open();
            channels.set(slot, channel);
            return channel;
        } finally {
            opening.set(slot, 0);
        }
    }

    private PublishingChannel open() {
        Channel opened = openChannel();
        try {
            return new PublishingChannel(opened, completions);
        } catch (IOException | RuntimeException e) {
            executor.execute(() -> {
                try {
                    opened.abort();
                } catch (IOException | RuntimeException ignored) {
                    // best effort: the connection releases its channels anyway
                }
            });
            throw new BrokerUnavailableException("Cannot put a channel to RabbitMQ at " + broker.address() + " in confirm mode", e);
        }
    }

    /**
     * A plain channel (no publisher confirms) on the API's connection, for short-lived work such as reading the
     * dead-letter queue. The caller closes it; closing it returns whatever it left unacknowledged to its queue.
     *
     * @throws BrokerUnavailableException when there is no connection, or RabbitMQ blocks it: a blocked connection is
     *                                    not read at all, so even a {@code basic.get} would wait for the alarm to clear
     */
    public Channel openChannel() {
        if (blockedBecause != null) {
            throw new BrokerUnavailableException("RabbitMQ blocks the API's connection: " + blockedBecause);
        }
        Channel channel;
        try {
            channel = connection().createChannel();
        } catch (BrokerUnavailableException e) {
            throw e;
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw new BrokerUnavailableException("Cannot open a channel to RabbitMQ at " + broker.address(), e);
        }
        if (channel == null) {
            throw new BrokerUnavailableException("No channel left on the connection to RabbitMQ at " + broker.address());
        }
        return channel;
    }

    /**
     * Why events cannot be published now (no connection, recovering, blocked by an alarm), or {@code null} when they
     * can. Connects first if there is no connection yet.
     */
    public String unavailableBecause() {
        try {
            connection();
            return blockedBecause == null ? null : "blocked: " + blockedBecause;
        } catch (IOException | TimeoutException | RuntimeException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    public String address() {
        return broker.address();
    }

    /**
     * The open connection, opened (and the topology declared) on first use. A connection that was lost recovers by
     * itself; until it has, requests fail fast instead of queueing behind it.
     */
    private synchronized Connection connection() throws IOException, TimeoutException {
        if (connection == null) {
            Connection opened = broker.connect("notification-api");
            try {
                // The declaring channel stays open with the connection: automatic recovery re-declares the topology
                // on the channel it was first declared on, and fails for declarations made on a closed one.
                broker.topology().declare(opened.createChannel());
            } catch (IOException | RuntimeException e) {
                opened.abort();
                throw e;
            }
            opened.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    blockedBecause = reason;
                    LOG.warning(() -> "RabbitMQ blocks publishing: " + reason + "; the API answers 503 until it unblocks");
                }

                @Override
                public void handleUnblocked() {
                    blockedBecause = null;
                    LOG.info("RabbitMQ accepts publishes again");
                }
            });
            connection = opened;
            LOG.info(() -> "API publishes to RabbitMQ at " + broker.address());
        }
        if (!connection.isOpen()) {
            throw new BrokerUnavailableException("The connection to RabbitMQ at " + broker.address() + " is recovering");
        }
        return connection;
    }

    @PreDestroy
    synchronized void close() {
        for (int slot = 0; slot < channels.length(); slot++) {
            PublishingChannel channel = channels.getAndSet(slot, null);
            if (channel != null) {
                channel.abort(); // fails what still waits for a confirm: those requests get 503
            }
        }
        completions.shutdown();
        if (connection != null) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing the API's RabbitMQ connection failed", e);
            }
        }
    }
}
