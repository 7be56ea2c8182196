package io.notifications.consumer.control;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.notifications.consumer.control.BatchInsert.Outcome;
import io.notifications.consumer.metrics.ConsumerMetrics;
import io.notifications.message.Event;
import io.notifications.message.EventLog;
import io.notifications.message.EventMessage;
import io.notifications.message.InvalidEventException;
import io.notifications.message.TraceParent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer's worker: takes the deliveries in batches ({@link BatchQueue}), stores each batch with one statement in
 * one transaction ({@link EventStore#storeAll}), and acknowledges it with one multiple acknowledgement after that
 * transaction committed ({@link Settlement}). A duplicate is acknowledged without a second row. A message that is no
 * valid event, or that the database refuses, is parked; its batch is split around it ({@link BatchInsert}), so its
 * neighbours are stored.
 *
 * <p>Other failures are told apart by asking the database whether it answers at all. When it does not (an outage), the
 * batch stays unacknowledged and is tried again after a growing pause, which also holds back the deliveries behind
 * it: no redelivery storm, a few log lines a minute, and no attempt counted against the events. When it does (a
 * deadlock, a lock or statement timeout), the events are tried one by one, and the one that fails again goes to
 * {@link Redelivery}.
 */
public final class BatchStorage {

    private static final Logger LOG = Logger.getLogger(BatchStorage.class.getName());
    // How often the idle worker looks whether the application stops.
    private static final Duration IDLE_CHECK = Duration.ofMillis(250);

    private final BatchQueue<Received> waiting;
    private final EventMessage messages;
    private final EventStore store;
    private final Redelivery redelivery;
    private final ConsumerMetrics metrics;
    private final Consumer<Channel> failedChannel;
    private final StopSignal stop;
    private final Backoff backoff = Backoff.DEFAULT;
    // Held while a batch is handled, so that stopping waits for the batch in hand.
    private final ReentrantLock handling = new ReentrantLock();

    /** @param failedChannel told of a channel this worker aborted because a batch on it failed */
    public BatchStorage(BatchQueue<Received> waiting, EventMessage messages, EventStore store, Redelivery redelivery,
                        ConsumerMetrics metrics, Consumer<Channel> failedChannel, StopSignal stop) {
        this.waiting = waiting;
        this.messages = messages;
        this.store = store;
        this.redelivery = redelivery;
        this.metrics = metrics;
        this.failedChannel = failedChannel;
        this.stop = stop;
    }

    /** One batch after the other until the application stops. */
    public void storeUntilStopped() {
        while (!stop.isStopping()) {
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

    /** Waits up to {@code grace} for the batch in hand to be settled; {@code false} if it was not by then. */
    public boolean awaitBatchInHand(Duration grace) {
        try {
            if (handling.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                handling.unlock();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void handle(List<Received> batch) {
        handling.lock();
        try {
            if (stop.isStopping()) {
                return;
            }
            // Deliveries of a channel that closed are left as they are: RabbitMQ delivers them again, and their tags
            // mean nothing to an open channel. A batch may hold the last deliveries of an old channel and the first of
            // a new one: each channel acknowledges only its own.
            List<Received> open = batch.stream().filter(received -> received.channel().isOpen()).toList();
            for (List<Received> run : runs(open, Received::channel)) {
                handleOn(run.get(0).channel(), run);
            }
        } finally {
            handling.unlock();
        }
    }

    /** The items in runs of consecutive items with the same key, in their order. */
    static <T, K> List<List<T>> runs(List<T> items, Function<T, K> key) {
        List<List<T>> runs = new ArrayList<>();
        int from = 0;
        while (from < items.size()) {
            K current = key.apply(items.get(from));
            int to = from + 1;
            while (to < items.size() && key.apply(items.get(to)) == current) {
                to++;
            }
            runs.add(items.subList(from, to));
            from = to;
        }
        return runs;
    }

    private void handleOn(Channel channel, List<Received> deliveries) {
        try {
            storeAndAcknowledge(channel, deliveries);
        } catch (IOException | RuntimeException e) {
            // Some deliveries may be neither stored nor acknowledged: a later multiple acknowledgement must not cover
            // them. Closing the channel sends every unacknowledged delivery back to the queue.
            LOG.warning(() -> deliveries.size() + " deliveries left unacknowledged (" + StoreFailure.describe(e)
                    + "); RabbitMQ delivers them again");
            if (channel.isOpen()) {
                try {
                    channel.abort();
                } catch (IOException | RuntimeException closing) {
                    LOG.log(Level.FINE, "Closing the channel failed", closing);
                }
                failedChannel.accept(channel);
            }
        }
    }

    private void storeAndAcknowledge(Channel channel, List<Received> deliveries) throws IOException {
        metrics.batch(deliveries.size());
        List<Delivery> valid = new ArrayList<>(deliveries.size());
        List<Event> events = new ArrayList<>(deliveries.size());
        for (Received received : deliveries) {
            Delivery delivery = received.delivery();
            Map<String, Object> headers = delivery.getProperties().getHeaders();
            TraceParent trace = Redelivery.trace(headers);
            try {
                events.add(messages.read(delivery.getBody()).withTrace(trace));
                valid.add(delivery);
            } catch (InvalidEventException invalid) {
                redelivery.park(channel, delivery, null, trace, invalid.describe(), Redelivery.attempts(headers));
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
        long[] tags = valid.stream().mapToLong(delivery -> delivery.getEnvelope().getDeliveryTag()).toArray();
        Settlement settlement = Settlement.of(outcomes, tags);
        for (int i : settlement.refused()) {
            Delivery delivery = valid.get(i);
            redelivery.park(channel, delivery, events.get(i).eventId(), events.get(i).trace(), "database refused the event: "
                    + StoreFailure.describe(outcomes.get(i).failure()), Redelivery.attempts(delivery.getProperties().getHeaders()) + 1);
        }
        for (int i : settlement.failed()) {
            redelivery.retryLater(channel, valid.get(i), events.get(i), StoreFailure.describe(outcomes.get(i).failure()));
        }
        if (settlement.acknowledgeUpTo() > 0) {
            channel.basicAck(settlement.acknowledgeUpTo(), true);
            metrics.stored(settlement.inserted());
            metrics.duplicates(settlement.duplicates());
            logStored(events, outcomes, committed);
        }
    }

    private void logStored(List<Event> events, List<Outcome> outcomes, Instant committed) {
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            switch (outcomes.get(i).result()) {
                case INSERTED -> {
                    metrics.committed(event.acceptedAt(), committed);
                    EventLog.log(LOG, Level.FINE, event.eventId(), event.traceId(), () -> "Stored event " + event.eventId());
                }
                case DUPLICATE -> EventLog.log(LOG, Level.INFO, event.eventId(), event.traceId(),
                        () -> "Event " + event.eventId() + " was already stored; acknowledged the duplicate");
                default -> {
                }
            }
        }
    }

    /**
     * One statement for the events; while the database does not answer at all, the same statement again after a
     * growing pause, without end.
     *
     * @throws RuntimeException      the failure, when the database answers (so the failure is about these events)
     * @throws BatchInsert.Abandoned when the application stops during a pause
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
                Duration pause = backoff.pauseAfter(outageAttempts, ThreadLocalRandom.current());
                int attempt = outageAttempts;
                LOG.warning(() -> "The database is unavailable (" + reason + "); " + events.size() + " events wait, attempt "
                        + attempt + ", next in " + pause.toMillis() + " ms");
                if (stop.await(pause)) {
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
}
