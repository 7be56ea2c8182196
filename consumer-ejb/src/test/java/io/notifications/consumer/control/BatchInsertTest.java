package io.notifications.consumer.control;

import static io.notifications.consumer.control.BatchInsert.Result.DUPLICATE;
import static io.notifications.consumer.control.BatchInsert.Result.FAILED;
import static io.notifications.consumer.control.BatchInsert.Result.INSERTED;
import static io.notifications.consumer.control.BatchInsert.Result.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.consumer.control.BatchInsert.Outcome;
import io.notifications.consumer.control.BatchInsert.Result;
import io.notifications.message.Event;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Against a table kept in memory: it stores each event id once, refuses the data of "bad" events as PostgreSQL does
 * (SQLState 22008), and times out on "held" events as on a row another transaction has locked.
 */
class BatchInsertTest {

    private final Set<UUID> table = new HashSet<>();
    private final Set<UUID> bad = new HashSet<>();
    private final Set<UUID> held = new HashSet<>();
    private final List<Integer> statements = new ArrayList<>();

    /** One statement: all of the events or none, as in one transaction. */
    private Set<UUID> insert(List<Event> events) {
        statements.add(events.size());
        for (Event event : events) {
            if (bad.contains(event.eventId())) {
                throw new IllegalStateException("statement failed", new SQLException("timestamp out of range", "22008"));
            }
            if (held.contains(event.eventId())) {
                throw new IllegalStateException("statement failed", new SQLException("canceling statement due to statement timeout", "57014"));
            }
        }
        Set<UUID> inserted = new LinkedHashSet<>();
        for (Event event : events) {
            if (table.add(event.eventId())) {
                inserted.add(event.eventId());
            }
        }
        return inserted;
    }

    private List<Result> results(List<Event> batch) throws BatchInsert.Abandoned {
        return BatchInsert.of(batch, this::insert).stream().map(Outcome::result).toList();
    }

    private static Event event() {
        return event(UUID.randomUUID());
    }

    private static Event event(UUID eventId) {
        return new Event(eventId, UUID.randomUUID(), "user_registered", "Welcome!", null, Instant.parse("2026-11-26T10:15:30.123456Z"));
    }

    private static List<Event> events(int count) {
        return IntStream.range(0, count).mapToObj(i -> event()).toList();
    }

    @Test
    void aBatchOfNewEventsIsInsertedWithOneStatement() throws Exception {
        List<Event> batch = events(100);

        assertEquals(Collections.nCopies(100, INSERTED), results(batch));
        assertEquals(List.of(100), statements);
    }

    @Test
    void eventsStoredBeforeAreDuplicatesAndTheOthersAreInserted() throws Exception {
        List<Event> batch = events(4);
        table.add(batch.get(1).eventId());
        table.add(batch.get(3).eventId());

        assertEquals(List.of(INSERTED, DUPLICATE, INSERTED, DUPLICATE), results(batch));
    }

    @Test
    void anEventIdTwiceInOneBatchIsInsertedForItsFirstDeliveryAndADuplicateForTheOthers() throws Exception {
        Event first = event();
        Event again = event(first.eventId());
        Event other = event();

        assertEquals(List.of(INSERTED, INSERTED, DUPLICATE, DUPLICATE), results(List.of(first, other, again, again)));
        assertEquals(List.of(4), statements);
    }

    @Test
    void oneBadEventIsRefusedAloneAndAllItsNeighboursAreInserted() throws Exception {
        List<Event> batch = events(100);
        bad.add(batch.get(37).eventId());

        List<Result> results = results(batch);

        List<Result> expected = new ArrayList<>(Collections.nCopies(100, INSERTED));
        expected.set(37, REFUSED);
        assertEquals(expected, results);
        assertEquals(99, table.size());
        assertTrue(statements.size() <= 1 + 2 * 7, "halving finds it in about 2 log2(100) statements, not 100: " + statements);
    }

    @Test
    void theRefusedEventCarriesTheDatabasesFailure() throws Exception {
        Event poison = event();
        bad.add(poison.eventId());

        Outcome outcome = BatchInsert.of(List.of(event(), poison), this::insert).get(1);

        assertEquals(REFUSED, outcome.result());
        assertEquals("22008", ((SQLException) outcome.failure().getCause()).getSQLState());
    }

    @Test
    void severalBadEventsAreEachRefusedAndNothingElse() throws Exception {
        List<Event> batch = events(16);
        for (int i : new int[] {0, 7, 8, 15}) {
            bad.add(batch.get(i).eventId());
        }

        List<Result> results = results(batch);

        for (int i = 0; i < 16; i++) {
            assertEquals(bad.contains(batch.get(i).eventId()) ? REFUSED : INSERTED, results.get(i), "event " + i);
        }
    }

    @Test
    void aBadCopyOfAnEventDoesNotKeepItsGoodCopyOut() throws Exception {
        Event good = event();
        Event badCopy = new Event(good.eventId(), good.userId(), good.eventType(), good.message(), null, Instant.MAX);

        List<Outcome> outcomes = BatchInsert.of(List.of(badCopy, event(), good), events -> {
            if (events.contains(badCopy)) {
                throw new IllegalStateException(new SQLException("bad copy", "22001"));
            }
            return insert(events);
        });

        assertEquals(List.of(REFUSED, INSERTED, INSERTED), outcomes.stream().map(Outcome::result).toList());
    }

    @Test
    void aFailureThatIsNotAboutTheDataTriesTheEventsOneByOneSoThatOnlyTheHeldOneWaitsAgain() throws Exception {
        List<Event> batch = events(8);
        held.add(batch.get(5).eventId());

        List<Result> results = results(batch);

        assertEquals(List.of(INSERTED, INSERTED, INSERTED, INSERTED, INSERTED, FAILED, INSERTED, INSERTED), results);
        assertEquals(List.of(8, 1, 1, 1, 1, 1, 1, 1, 1), statements, "the batch, then each event once");
    }

    @Test
    void aSingleEventThatFailsIsNotTriedAgain() throws Exception {
        Event poison = event();
        bad.add(poison.eventId());

        assertEquals(List.of(REFUSED), results(List.of(poison)));
        assertEquals(List.of(1), statements);
    }

    @Test
    void anAbandonedAttemptAbandonsTheWholeBatch() {
        BatchInsert.Abandoned stopping = new BatchInsert.Abandoned();

        BatchInsert.Abandoned thrown = assertThrows(BatchInsert.Abandoned.class,
                () -> BatchInsert.of(events(3), events -> {
                    throw stopping;
                }));

        assertSame(stopping, thrown);
    }

    @Test
    void anEmptyBatchNeedsNoStatement() throws Exception {
        assertEquals(List.of(), results(List.of()));
        assertEquals(List.of(), statements);
    }
}
