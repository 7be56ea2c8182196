package io.notifications.events.boundary;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.notifications.events.control.Backoff;
import io.notifications.events.control.BatchInsert;
import io.notifications.events.control.BatchInsert.Outcome;
import io.notifications.events.control.BatchQueue;
import io.notifications.events.control.EventJson;
import io.notifications.events.control.EventStore;
import io.notifications.events.control.StoreFailure;
import io.notifications.events.entity.Event;
import io.notifications.events.entity.InvalidEventException;
import io.notifications.logging.EventLog;
import io.notifications.messaging.BrokerSettings;
import io.notifications.messaging.Topology;
import io.notifications.metrics.NotificationMetrics;
import io.notifications.tracing.TraceParent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@value Topology#QUEUE} and stores each event exactly once, in batches.
 *
 * <p>RabbitMQ's thread only hands deliveries over; one worker takes them in batches ({@code consumer.batch-size}
 * deliveries at most, or those that arrived within {@code consumer.batch-linger-ms} of the first), stores each batch
 * with one statement in one transaction ({@link EventStore#storeAll}), and acknowledges it with one multiple
 * acknowledgement after that transaction committed. A duplicate is acknowledged without a second row. A message that
 * is not a valid event is parked in {@value Topology#DEAD_LETTER_QUEUE} with the reason in the
 * {@value Topology#PARKED_REASON_HEADER} header, and so is one the database refuses (bad data): its batch is split
 * around it ({@link BatchInsert}), so its neighbours are stored.
 *
 * <p>Other failures are told apart by asking the database whether it answers at all:
 * <ul>
 * <li>It does not (an outage): the batch stays unacknowledged and is tried again after a growing pause, which also
 * holds back the deliveries behind it: no redelivery storm, no hot loop, a few log lines a minute, and no attempt is
 * counted against the events, however long the outage lasts.</li>
 * <li>It does (a deadlock, a lock or statement timeout, anything unexplained): the events of the batch are tried one
 * by one, and the attempt of one that fails again counts. That message goes to the retry queue of its delay with the
 * count in {@value Topology#ATTEMPTS_HEADER}, and comes back when the delay expires; after
 * {@code consumer.max-attempts} attempts it is parked with the last failure as reason.</li>
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
    // How often the idle worker looks whether the application stops.
    private static final Duration IDLE_CHECK = Duration.ofMillis(250);

    /** A delivery with the channel it came on: only that channel can acknowledge it. */
    private record Received(Channel channel, Delivery delivery) {
        long tag() {
            return delivery.getEnvelope().getDeliveryTag();
        }
    }

    @Inject
    BrokerSettings broker;

    @Inject
    EventJson json;

    @EJB
    EventStore store;

    @Inject
    NotificationMetrics metrics;

    @Inject
    @ConfigProperty(name = "consumer.prefetch")
    int prefetch;

    @Inject
    @ConfigProperty(name = "consumer.batch-size")
    int batchSize;

    @Inject
    @ConfigProperty(name = "consumer.batch-linger-ms")
    int batchLingerMillis;

    @Inject
    @ConfigProperty(name = "consumer.max-attempts")
    int maxAttempts;

    @Resource
    ManagedExecutorService executor;

    private final Backoff backoff = Backoff.DEFAULT;
    private final CountDownLatch stopping = new CountDownLatch(1);
    // Held while a batch is handled, so that stopping waits for the batch in hand.
    private final ReentrantLock handling = new ReentrantLock();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();

    private Topology topology;
    private BatchQueue<Received> waiting;
    private volatile State state = State.CONNECTING;
    private volatile Connection connection;
    private volatile Channel channel;

    @PostConstruct
    void start() {
        topology = broker.topology();
        if (prefetch < batchSize) {
            // A batch could never fill up, and every one would wait out the linger time.
            LOG.warning(() -> "consumer.prefetch " + prefetch + " is below consumer.batch-size " + batchSize + "; using " + batchSize);
            prefetch = batchSize;
        }
        waiting = new BatchQueue<>(batchSize, Duration.ofMillis(batchLingerMillis));
        // The worker runs as long as the application: marked long-running so that Payara does not report it as hung.
        executor.execute(ManagedExecutors.managedTask(this::storeUntilStopped, Map.of(ManagedTask.LONGRUNNING_HINT, "true"), null));
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
        // Called by RabbitMQ's thread, one delivery after the other: waiting here for more would hold them all up.
        opened.basicConsume(Topology.QUEUE, false, Topology.QUEUE, (tag, delivery) -> waiting.add(new Received(opened, delivery)), tag -> {
        });
        state = State.CONSUMING;
        LOG.info(() -> "Consumer reads " + Topology.QUEUE + " at " + broker.address() + " with prefetch " + prefetch
                + ", in batches of up to " + batchSize + " within " + batchLingerMillis + " ms");
    }

    /** A channel closed by the broker (not by a lost connection, which recovers by itself) is opened again. */
    private void channelClosed(ShutdownSignalException cause) {
        if (stopping.getCount() == 0 || cause.isHardError() || cause.isInitiatedByApplication()) {
            return;
        }
        LOG.severe(() -> "RabbitMQ closed the consumer's channel (" + cause.getMessage() + "); reconnecting");
        reconnectLater();
    }

    private void reconnectLater() {
        state = State.CONNECTING;
        executor.execute(() -> {
            closeConnection();
            if (!awaitStop(RECONNECT_DELAY)) {
                connectUntilStopped();
            }
        });
    }

    /** The worker: one batch after the other until the application stops. */
    private void storeUntilStopped() {
        while (stopping.getCount() > 0) {
            try {
                List<Received> batch = waiting.next(IDLE_CHECK);
                if (!batch.isEmpty()) {
                    handle(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "The consumer's worker failed; it goes on with the next batch", e);
            }
        }
    }

    private void handle(List<Received> batch) {
        handling.lock();
        try {
            if (stopping.getCount() > 0) {
                // Deliveries of a channel that closed are left as they are: RabbitMQ delivers them again after the
                // channel closed or recovered, and their tags mean nothing to an open channel. Storing them now
                // would only be undone as a duplicate, and would hold up the recovery.
                List<Received> open = batch.stream().filter(delivery -> delivery.channel().isOpen()).toList();
                // One channel at a time: it acknowledges only its own deliveries (after a reconnection, a batch may
                // hold the last deliveries of the old channel and the first of the new one).
                int from = 0;
                while (from < open.size()) {
                    Channel on = open.get(from).channel();
                    int to = from + 1;
                    while (to < open.size() && open.get(to).channel() == on) {
                        to++;
                    }
                    handleOn(on, open.subList(from, to));
                    from = to;
                }
            }
        } finally {
            handling.unlock();
        }
    }

    private void handleOn(Channel channel, List<Received> deliveries) {
        try {
            storeAndAck(channel, deliveries);
        } catch (IOException | RuntimeException e) {
            // Some deliveries of this batch may be neither stored nor acknowledged: a later multiple acknowledgement
            // must not cover them. Closing the channel sends every unacknowledged delivery back to the queue.
            LOG.warning(() -> deliveries.size() + " deliveries left unacknowledged (" + StoreFailure.describe(e)
                    + "); RabbitMQ delivers them again");
            if (channel.isOpen()) {
                try {
                    channel.abort();
                } catch (IOException | RuntimeException closing) {
                    LOG.log(Level.FINE, "Closing the channel failed", closing);
                }
                if (channel == this.channel) {
                    reconnectLater();
                }
            }
        }
    }

    private void storeAndAck(Channel channel, List<Received> deliveries) throws IOException {
        metrics.batch(deliveries.size());
        List<Received> valid = new ArrayList<>(deliveries.size());
        List<Event> events = new ArrayList<>(deliveries.size());
        for (Received received : deliveries) {
            TraceParent trace = trace(received.delivery());
            try {
                events.add(json.readMessage(received.delivery().getBody()).withTrace(trace));
                valid.add(received);
            } catch (InvalidEventException invalid) {
                park(channel, received.delivery(), null, trace, invalid.describe(), attempts(received.delivery()));
            }
        }
        List<Outcome> outcomes;
        try {
            outcomes = BatchInsert.of(events, this::insertThroughOutages);
        } catch (BatchInsert.Abandoned stopping) {
            return; // left unacknowledged for the next start
        }
        // Every statement of the batch has committed (each in its own transaction) once the outcomes are known.
        Instant committed = Instant.now();
        long lastTag = 0;
        int inserted = 0;
        int duplicate = 0;
        for (int i = 0; i < valid.size(); i++) {
            Delivery delivery = valid.get(i).delivery();
            Event event = events.get(i);
            Outcome outcome = outcomes.get(i);
            switch (outcome.result()) {
                case INSERTED -> {
                    inserted++;
                    lastTag = valid.get(i).tag();
                    metrics.committed(event.acceptedAt(), committed);
                    EventLog.log(LOG, Level.FINE, event.eventId(), event.traceId(), () -> "Stored event " + event.eventId());
                }
                case DUPLICATE -> {
                    duplicate++;
                    lastTag = valid.get(i).tag();
                    EventLog.log(LOG, Level.INFO, event.eventId(), event.traceId(),
                            () -> "Event " + event.eventId() + " was already stored; acknowledged the duplicate");
                }
                case REFUSED -> park(channel, delivery, event.eventId(), event.trace(),
                        "database refused the event: " + StoreFailure.describe(outcome.failure()), attempts(delivery) + 1);
                case FAILED -> retryLater(channel, delivery, event, StoreFailure.describe(outcome.failure()));
            }
        }
        if (lastTag > 0) {
            // One acknowledgement for all the deliveries up to lastTag: the stored ones and the duplicates of this
            // batch. Every other delivery up to it has been parked or put aside and acknowledged on its own above
            // (a tag acknowledged twice would close the channel, hence the last *stored* one), and every earlier
            // batch of this channel was settled before this one.
            channel.basicAck(lastTag, true);
            stored.addAndGet(inserted);
            duplicates.addAndGet(duplicate);
            metrics.stored(inserted);
            metrics.duplicates(duplicate);
            int count = inserted;
            LOG.fine(() -> "Stored " + count + " events, acknowledged up to delivery " + deliveries.get(deliveries.size() - 1).tag());
        }
    }

    /**
     * One statement for the events; while the database does not answer at all, the same statement again after a
     * growing pause, without end.
     *
     * @throws RuntimeException       the failure, when the database answers (so the failure is about these events)
     * @throws BatchInsert.Abandoned  when the application stops during a pause
     */
    private Set<UUID> insertThroughOutages(List<Event> events) throws BatchInsert.Abandoned {
        for (int outageAttempts = 0; ; ) {
            try {
                Set<UUID> inserted = store.storeAll(events);
                if (outageAttempts > 0) {
                    LOG.info("The database is back: storing events again after " + outageAttempts + " attempts");
                }
                return inserted;
            } catch (RuntimeException failure) {
                if (StoreFailure.isPermanent(failure) || databaseAnswers()) {
                    throw failure;
                }
                outageAttempts++;
                String reason = StoreFailure.describe(failure);
                Duration pause = backoff.delayAfter(outageAttempts);
                int attempt = outageAttempts;
                LOG.warning(() -> "The database is unavailable (" + reason + "); " + events.size() + " events wait, attempt "
                        + attempt + ", next in " + pause.toSeconds() + " s");
                if (awaitStop(pause)) {
                    throw new BatchInsert.Abandoned();
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
            park(channel, delivery, event.eventId(), event.trace(), "gave up after " + attempts + " attempts: " + reason, attempts);
            return;
        }
        Duration delay = topology.retryDelay(attempts);
        Map<String, Object> headers = new HashMap<>();
        headers.put(Topology.ATTEMPTS_HEADER, attempts);
        firstFailure(delivery, headers);
        forward(channel, delivery, Topology.RETRY_EXCHANGE, Topology.retryQueue(delay), headers);
        retried.incrementAndGet();
        metrics.retried();
        EventLog.log(LOG, Level.WARNING, event.eventId(), event.traceId(), () -> "Attempt " + attempts + " of " + maxAttempts
                + " to store event " + event.eventId() + " failed (" + reason + "); next attempt in " + delay.toMillis() + " ms");
    }

    /** Failed attempts so far, from the message's header. */
    static int attempts(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object attempts = headers == null ? null : headers.get(Topology.ATTEMPTS_HEADER);
        return attempts instanceof Number number ? number.intValue() : 0;
    }

    /** The message's trace, when its {@value TraceParent#HEADER} header holds a valid one. */
    static TraceParent trace(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Object header = headers == null ? null : headers.get(TraceParent.HEADER);
        return header == null ? null : TraceParent.parse(header.toString());
    }

    /** Marks the time of the first failure, unless an earlier attempt already did (the header travels with the message). */
    private static void firstFailure(Delivery delivery, Map<String, Object> headers) {
        Map<String, Object> existing = delivery.getProperties().getHeaders();
        if (existing == null || existing.get(Topology.FIRST_FAILED_AT_HEADER) == null) {
            headers.put(Topology.FIRST_FAILED_AT_HEADER, Instant.now().toString());
        }
    }

    /**
     * Moves a message that can never be stored to the dead-letter queue, then acknowledges it.
     *
     * @param eventId the event's id, or {@code null} when the message is no valid event
     * @param trace   the message's trace, or {@code null}
     */
    private void park(Channel channel, Delivery delivery, UUID eventId, TraceParent trace, String reason, int attempts)
            throws IOException {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Topology.PARKED_REASON_HEADER, reason);
        headers.put(Topology.PARKED_AT_HEADER, Instant.now().toString());
        headers.put(Topology.ATTEMPTS_HEADER, attempts);
        firstFailure(delivery, headers);
        forward(channel, delivery, Topology.DEAD_LETTER_EXCHANGE, Topology.ROUTING_KEY, headers);
        parked.incrementAndGet();
        metrics.parked();
        EventLog.log(LOG, Level.WARNING, eventId, trace == null ? null : trace.traceId(), () -> "Parked message "
                + delivery.getProperties().getMessageId() + (eventId == null ? "" : " (event " + eventId + ")") + " in "
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
