package io.notifications.api.messaging;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.notifications.message.BrokerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API's connection to RabbitMQ, and the CDI producer of the channels the API works with:
 * <ul>
 * <li>{@link PublishingChannels}: the few confirm-mode channels every request shares to publish, so that one confirm
 * settles many messages; disposed when the application stops, which fails what still waits for a confirm.</li>
 * <li>{@link Channel}: a plain channel of its own for one piece of short work (reading the dead letters, the queues'
 * depths), taken from an {@code Instance<Channel>} and closed when it is destroyed; closing gives back whatever it
 * held unacknowledged.</li>
 * </ul>
 *
 * <p>The connection opens (and declares the topology) on first use, so that the application starts while the broker
 * is away; a lost one recovers by itself. It is separate from the consumer's, so that RabbitMQ's flow control on
 * publishers never slows down the consumer's acknowledgements.
 */
@ApplicationScoped
public class BrokerConnection {

    private static final Logger LOG = Logger.getLogger(BrokerConnection.class.getName());

    @Inject
    BrokerSettings broker;

    // Fewer channels mean bigger confirm batches and less broker work per message; a broker on more cores may gain
    // from more. The defaults stand here: in the EAR, Payara checks the settings against the application's, which do
    // not include a WAR's microprofile-config.properties.
    @Inject
    @ConfigProperty(name = "rabbitmq.publishing-channels", defaultValue = "2")
    int publishingChannels;

    /** How long a request waits for RabbitMQ's confirm before it answers 503. */
    @Inject
    @ConfigProperty(name = "rabbitmq.confirm-timeout-ms", defaultValue = "5000")
    long confirmTimeoutMillis;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    private Connection connection;
    // Why RabbitMQ stopped reading from this connection (a memory or disk alarm), or null while it reads.
    private volatile String blockedBecause;

    @Produces
    @Singleton
    PublishingChannels publishingChannels() {
        return new PublishingChannels(this, publishingChannels, Duration.ofMillis(confirmTimeoutMillis), threads, executor);
    }

    void close(@Disposes PublishingChannels channels) {
        channels.close();
    }

    @Produces
    Channel channel() {
        return openChannel();
    }

    void close(@Disposes Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException e) {
            // A broker in trouble may not answer: RabbitMQ gives back what the channel held once it goes.
            try {
                channel.abort();
            } catch (IOException | RuntimeException ignored) {
                LOG.log(Level.FINE, "Closing a channel failed", e);
            }
        }
    }

    /**
     * A plain channel (no publisher confirms) on the API's connection.
     *
     * @throws BrokerUnavailableException when there is no connection, or RabbitMQ blocks it: a blocked connection is
     *                                    not read at all, so even a {@code basic.get} would wait for the alarm to clear
     */
    Channel openChannel() {
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

    /** Why RabbitMQ blocks publishers now (a memory or disk alarm), or {@code null} while it does not. */
    String blockedBecause() {
        return blockedBecause;
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
        if (connection != null) {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing the API's RabbitMQ connection failed", e);
            }
        }
    }
}
