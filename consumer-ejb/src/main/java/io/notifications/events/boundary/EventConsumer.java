package io.notifications.events.boundary;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.notifications.events.control.Backoff;
import io.notifications.events.control.EventJson;
import io.notifications.events.control.EventStore;
import io.notifications.events.control.StoreFailure;
import io.notifications.events.entity.Event;
import io.notifications.events.entity.InvalidEventException;
import io.notifications.messaging.BrokerSettings;
import io.notifications.messaging.Topology;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@value Topology#QUEUE} and stores each event exactly once.
 *
 * <p>A delivery is acknowledged only after {@link EventStore#store} has returned, that is after its transaction
 * committed; a duplicate is acknowledged without a second row. A message that is not a valid event is parked in
 * {@value Topology#DEAD_LETTER_QUEUE} with the reason in the {@value Topology#PARKED_REASON_HEADER} header, and so is
 * one the database refuses (bad data).
 *
 * <p>Other failures are told apart by asking the database whether it answers at all:
 * <ul>
 * <li>It does not (an outage): the delivery stays unacknowledged and is tried again after a growing pause, which also
 * holds back the deliveries behind it: no redelivery storm, no hot loop, a few log lines a minute, and no attempt is
 * counted against the event, however long the outage lasts.</li>
 * <li>It does (a deadlock, a lock or statement timeout, anything unexplained): the attempt counts. The message goes to
 * the retry queue of its delay with the count in {@value Topology#ATTEMPTS_HEADER}, and comes back when the delay
 * expires; after {@code consumer.max-attempts} attempts it is parked with the last failure as reason.</li>
 * </ul>
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EventConsumer {

    public enum State { CONNECTING, CONSUMING, RECOVERING, STOPPED }

    private static final Logger LOG = Logger.getLogger(EventConsumer.class.getName());
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Inject
    BrokerSettings broker;

    @Inject
    EventJson json;

    @EJB
    EventStore store;

    @Inject
    @ConfigProperty(name = "consumer.prefetch")
    int prefetch;

    @Inject
    @ConfigProperty(name = "consumer.max-attempts")
    int maxAttempts;

    @Resource
    ManagedExecutorService executor;

    private final Backoff backoff = Backoff.DEFAULT;
    private final CountDownLatch stopping = new CountDownLatch(1);
    // Held while a delivery is handled, so that stopping waits for the event in hand.
    private final ReentrantLock handling = new ReentrantLock();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    private Topology topology;
    private volatile State state = State.CONNECTING;
    private volatile Connection connection;
    private volatile Channel channel;

    @PostConstruct
    void start() {
        topology = broker.topology();
        // Connecting must not hold up the deployment: when the broker is down the application still starts
        // (and reports it in /health) while this keeps trying.
        executor.execute(this::connectUntilStopped);
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
        Channel current = channel;
        try {
            if (current != null && current.isOpen()) {
                current.basicCancel(Topology.QUEUE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cancelling the consumer failed; closing the connection anyway", e);
        }
        boolean finished = false;
        try {
            finished = handling.tryLock(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
        state = State.STOPPED;
        if (finished) {
            handling.unlock();
        }
        LOG.info(() -> "Consumer stopped: stored " + stored + ", duplicates " + duplicates + ", retried " + retried + ", parked " + parked
                + "; unacknowledged deliveries return to " + Topology.QUEUE);
    }

    public State state() {
        return state;
    }

    /** Counters since start-up: {@code stored}, {@code duplicates}, {@code retried}, {@code parked}. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new HashMap<>();
        counts.put("stored", stored.get());
        counts.put("duplicates", duplicates.get());
        counts.put("retried", retried.get());
        counts.put("parked", parked.get());
        return counts;
    }

    private void connectUntilStopped() {
        while (stopping.getCount() > 0) {
            try {
                subscribe();
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                closeConnection();
                LOG.warning(() -> "Consumer cannot reach RabbitMQ at " + broker.address() + " (" + StoreFailure.describe(e)
                        + "); trying again in " + RECONNECT_DELAY.toSeconds() + " s");
                if (awaitStop(RECONNECT_DELAY)) {
                    return;
                }
            }
        }
    }

    private void subscribe() throws IOException, TimeoutException {
        state = State.CONNECTING;
        connection = broker.connect("notification-consumer");
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                state = State.RECOVERING;
                LOG.warning("Consumer lost its connection to RabbitMQ; recovering");
            }

            @Override
            public void handleRecovery(Recoverable recoverable) {
                state = State.CONSUMING;
                LOG.info("Consumer reconnected to RabbitMQ and consumes again");
            }
        });
        Channel opened = connection.createChannel();
        topology.declare(opened);
        opened.confirmSelect(); // parked messages are acknowledged only once the dead-letter queue has them
        opened.basicQos(prefetch);
        opened.addShutdownListener(this::channelClosed);
        channel = opened;
        opened.basicConsume(Topology.QUEUE, false, Topology.QUEUE, (tag, delivery) -> handle(opened, delivery), tag -> {
        });
        state = State.CONSUMING;
        LOG.info(() -> "Consumer reads " + Topology.QUEUE + " at " + broker.address() + " with prefetch " + prefetch);
    }

    /** A channel closed by the broker (not by a lost connection, which recovers by itself) is opened again. */
    private void channelClosed(ShutdownSignalException cause) {
        if (stopping.getCount() == 0 || cause.isHardError() || cause.isInitiatedByApplication()) {
            return;
        }
        LOG.severe(() -> "RabbitMQ closed the consumer's channel (" + cause.getMessage() + "); reconnecting");
        state = State.CONNECTING;
        executor.execute(() -> {
            closeConnection();
            if (!awaitStop(RECONNECT_DELAY)) {
                connectUntilStopped();
            }
        });
    }

    private void handle(Channel channel, Delivery delivery) {
        handling.lock();
        try {
            if (stopping.getCount() == 0 || !channel.isOpen()) {
                // Left unacknowledged: RabbitMQ delivers it again after the channel closes or recovers. Storing it
                // now would only be undone as a duplicate, and would hold up the recovery.
                return;
            }
            Event event;
            try {
                event = json.readMessage(delivery.getBody());
            } catch (InvalidEventException invalid) {
                park(channel, delivery, invalid.describe());
                return;
            }
            storeAndAck(channel, delivery, event);
        } catch (IOException | RuntimeException e) {
            // The channel failed under us: the delivery was not acknowledged and comes back.
            LOG.log(Level.WARNING, "Delivery " + delivery.getProperties().getMessageId() + " left unacknowledged: "
                    + StoreFailure.describe(e));
        } finally {
            handling.unlock();
        }
    }

    private void storeAndAck(Channel channel, Delivery delivery, Event event) throws IOException {
        for (int outageAttempts = 0; ; ) {
            try {
                boolean inserted = store.store(event);
                channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                if (inserted) {
                    stored.incrementAndGet();
                    LOG.fine(() -> "Stored event " + event.eventId());
                } else {
                    duplicates.incrementAndGet();
                    LOG.info(() -> "Event " + event.eventId() + " was already stored; acknowledged the duplicate");
                }
                if (outageAttempts > 0) {
                    LOG.info("The database is back: storing events again after " + outageAttempts + " attempts");
                }
                return;
            } catch (RuntimeException failure) {
                String reason = StoreFailure.describe(failure);
                if (StoreFailure.isPermanent(failure)) {
                    park(channel, delivery, "database refused the event: " + reason, attempts(delivery) + 1);
                    return;
                }
                if (databaseAnswers()) {
                    retryLater(channel, delivery, event, reason);
                    return;
                }
                outageAttempts++;
                Duration pause = backoff.delayAfter(outageAttempts);
                int attempt = outageAttempts;
                LOG.warning(() -> "The database is unavailable (" + reason + "); event " + event.eventId()
                        + " waits, attempt " + attempt + ", next in " + pause.toSeconds() + " s");
                if (awaitStop(pause)) {
                    return; // stopping: left unacknowledged for the next start
                }
            }
        }
    }

    private boolean databaseAnswers() {
        try {
            store.ping();
            return true;
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    /** Counts a failed attempt: puts the message aside for its retry delay, or parks it when attempts are used up. */
    private void retryLater(Channel channel, Delivery delivery, Event event, String reason) throws IOException {
        int attempts = attempts(delivery) + 1;
        if (attempts >= maxAttempts) {
            park(channel, delivery, "gave up after " + attempts + " attempts: " + reason, attempts);
            return;
        }
        Duration delay = topology.retryDelay(attempts);
        forward(channel, delivery, Topology.RETRY_EXCHANGE, Topology.retryQueue(delay), Map.of(Topology.ATTEMPTS_HEADER, attempts));
        retried.incrementAndGet();
        LOG.warning(() -> "Attempt " + attempts + " of " + maxAttempts + " to store event " + event.eventId() + " failed ("
                + reason + "); next attempt in " + delay.toMillis() + " ms");
    }

    /** Failed attempts so far, from the message's header. */
    static int attempts(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object attempts = headers == null ? null : headers.get(Topology.ATTEMPTS_HEADER);
        return attempts instanceof Number number ? number.intValue() : 0;
    }

    /** Moves a message that can never be stored to the dead-letter queue, then acknowledges it. */
    private void park(Channel channel, Delivery delivery, String reason) throws IOException {
        park(channel, delivery, reason, attempts(delivery));
    }

    private void park(Channel channel, Delivery delivery, String reason, int attempts) throws IOException {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Topology.PARKED_REASON_HEADER, reason);
        headers.put(Topology.PARKED_AT_HEADER, Instant.now().toString());
        headers.put(Topology.ATTEMPTS_HEADER, attempts);
        forward(channel, delivery, Topology.DEAD_LETTER_EXCHANGE, Topology.ROUTING_KEY, headers);
        parked.incrementAndGet();
        LOG.warning(() -> "Parked message " + delivery.getProperties().getMessageId() + " in "
                + Topology.DEAD_LETTER_QUEUE + ": " + reason);
    }

    /**
     * Publishes the message, with more headers, to another exchange and acknowledges the delivery once RabbitMQ
     * confirmed the copy: the message is in one queue or the other at every moment, never in none.
     */
    private void forward(Channel channel, Delivery delivery, String exchange, String routingKey, Map<String, Object> extraHeaders)
            throws IOException {
        Map<String, Object> headers = new HashMap<>();
        if (delivery.getProperties().getHeaders() != null) {
            headers.putAll(delivery.getProperties().getHeaders());
        }
        headers.putAll(extraHeaders);
        AMQP.BasicProperties properties = delivery.getProperties().builder().headers(headers).deliveryMode(2).build();
        channel.basicPublish(exchange, routingKey, properties, delivery.getBody());
        try {
            channel.waitForConfirmsOrDie(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for RabbitMQ to confirm a forwarded message", e);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ did not confirm a forwarded message", e);
        }
        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }

    /** Waits for the given time, or less if the application stops; {@code true} if it stops. */
    private boolean awaitStop(Duration pause) {
        try {
            return stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void closeConnection() {
        Connection current = connection;
        connection = null;
        channel = null;
        if (current != null) {
            try {
                current.abort(5_000);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing the consumer connection failed", e);
            }
        }
    }
}
