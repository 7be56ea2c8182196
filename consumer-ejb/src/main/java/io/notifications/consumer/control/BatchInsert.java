package io.notifications.consumer.control;

import io.notifications.message.Event;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Inserts a batch of events with as few statements as it can, and finds out what became of each one.
 *
 * <p>The batch goes in one statement. If the database refuses it for the data ({@link StoreFailure#isPermanent}), one
 * event or more is bad: the batch is split in halves, and each half tried on its own, down to single events, so that
 * a bad event costs its neighbours a few more statements, never their place in the database. Any other failure (a
 * lock or statement timeout, a deadlock) says nothing about which event caused it, and would cost the full wait
 * again in every half that holds the event: the events are then tried one by one. An event that fails on its own
 * is {@link Result#REFUSED} or {@link Result#FAILED}; what to do with it is the caller's decision.
 */
public final class BatchInsert {

    /** What became of one event. */
    public enum Result {
        /** Stored by this batch. */
        INSERTED,
        /** Its event id was stored already, or earlier in the same batch. */
        DUPLICATE,
        /** The database refuses its data: trying again cannot help. */
        REFUSED,
        /** Its own attempt failed for another reason, while the database answered. */
        FAILED
    }

    /** The result for one event, with the failure of its own attempt if it has one. */
    public record Outcome(Result result, RuntimeException failure) {

        static final Outcome INSERTED = new Outcome(Result.INSERTED, null);
        static final Outcome DUPLICATE = new Outcome(Result.DUPLICATE, null);

        static Outcome of(RuntimeException failure) {
            return new Outcome(StoreFailure.isPermanent(failure) ? Result.REFUSED : Result.FAILED, failure);
        }
    }

    /** One statement for some events: the ids it inserted, or a failure; {@link Abandoned} if it was given up. */
    @FunctionalInterface
    public interface Attempt {
        Set<UUID> insert(List<Event> events) throws Abandoned;
    }

    /** The application stops while an attempt waits: what was not stored is left to the next start. */
    public static final class Abandoned extends Exception {
        public Abandoned() {
            super("abandoned: the application stops", null, false, false);
        }
    }

    private final List<Event> events;
    private final Attempt attempt;
    private final Outcome[] outcomes;

    private BatchInsert(List<Event> events, Attempt attempt) {
        this.events = List.copyOf(events);
        this.attempt = attempt;
        this.outcomes = new Outcome[events.size()];
    }

    /** The outcome of each event, in the order of {@code events}. */
    public static List<Outcome> of(List<Event> events, Attempt attempt) throws Abandoned {
        BatchInsert batch = new BatchInsert(events, attempt);
        if (!events.isEmpty()) {
            batch.insert(0, events.size());
        }
        return Arrays.asList(batch.outcomes);
    }

    private void insert(int from, int to) throws Abandoned {
        List<Event> part = events.subList(from, to);
        Set<UUID> inserted;
        try {
            inserted = attempt.insert(part);
        } catch (RuntimeException failure) {
            if (to - from == 1) {
                outcomes[from] = Outcome.of(failure);
            } else if (StoreFailure.isPermanent(failure)) {
                int middle = (from + to) >>> 1;
                insert(from, middle);
                insert(middle, to);
            } else {
                for (int single = from; single < to; single++) {
                    insert(single, single + 1);
                }
            }
            return;
        }
        // An id the statement returned belongs to its first event in the part; a later one with the same id is a duplicate.
        Set<UUID> unclaimed = new HashSet<>(inserted);
        for (int i = from; i < to; i++) {
            outcomes[i] = unclaimed.remove(events.get(i).eventId()) ? Outcome.INSERTED : Outcome.DUPLICATE;
        }
    }
}
