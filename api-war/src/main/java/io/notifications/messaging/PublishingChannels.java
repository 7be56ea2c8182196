package io.notifications.messaging;

import com.rabbitmq.client.Connection;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the API's connection to RabbitMQ and hands out {@link PublishingChannel}s: one per injection point, taken
 * from a pool and given back when the injecting bean is destroyed. A channel is never used by two threads at once.
 *
 * <p>The connection is separate from the consumer's, so that RabbitMQ's flow control on publishers never slows
 * down the acknowledgements of the consumer.
 */
@ApplicationScoped
public class PublishingChannels {

    private static final Logger LOG = Logger.getLogger(PublishingChannels.class.getName());

    @Inject
    BrokerSettings broker;

    private final Deque<PublishingChannel> idle = new ConcurrentLinkedDeque<>();
    private Connection connection;

    @Produces
    PublishingChannel borrow() {
        for (PublishingChannel channel; (channel = idle.pollFirst()) != null; ) {
            if (channel.isOpen()) {
                return channel;
            }
        }
        try {
            return new PublishingChannel(connection().createChannel());
        } catch (IOException | TimeoutException | RuntimeException e) {
            throw new BrokerUnavailableException("Cannot open a channel to RabbitMQ at " + broker.address(), e);
        }
    }

    void giveBack(@Disposes PublishingChannel channel) {
        if (channel.isOpen()) {
            idle.addFirst(channel);
        }
    }

    /** {@code true} when the connection is open, connecting first if there is none yet. */
    public boolean isConnected() {
        try {
            return connection().isOpen();
        } catch (IOException | TimeoutException | RuntimeException e) {
            return false;
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
            try (var channel = opened.createChannel()) {
                Topology.declare(channel);
            } catch (IOException | TimeoutException | RuntimeException e) {
                opened.abort();
                throw e;
            }
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
        idle.forEach(PublishingChannel::close);
        idle.clear();
        if (connection != null) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing the API's RabbitMQ connection failed", e);
            }
        }
    }
}
