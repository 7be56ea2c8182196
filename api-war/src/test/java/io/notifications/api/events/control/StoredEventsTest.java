package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.events.entity.StoredEvent;
import io.notifications.api.events.entity.TimelinePosition;
import io.notifications.api.events.entity.TimelineQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The timeline's SQL: a keyset range of {@code processed_events_user_newest_idx} in its order, one row past the page,
 * with optional filters only when asked for. bench/explain-timeline.sh runs these same texts through EXPLAIN.
 */
class StoredEventsTest {

    private static final UUID USER = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final UUID EVENT = UUID.fromString("617c2320-1cae-4907-abb7-984198549571");
    private static final String SELECT = """
            SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, created_at, processed_at, trace_id, read_at
            FROM processed_events
            """;

    @Test
    void theFirstPageIsTheNewestOfTheUsersRowsInIndexOrderWithOneMoreToSeeIfThereIsANextPage() {
        StoredEvents.Statement statement = StoredEvents.timelineStatement(new TimelineQuery(USER, null, null, null, null, 50));

        assertEquals(SELECT + """
                WHERE user_id = CAST(?1 AS uuid)
                ORDER BY created_at DESC, event_id DESC
                LIMIT ?2""", statement.sql());
        assertEquals(List.of(USER.toString(), 51), statement.parameters());
    }

    @Test
    void aLaterPageStartsBelowTheCursorWithOneRowComparison() {
        TimelinePosition cursor = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);

        StoredEvents.Statement statement = StoredEvents.timelineStatement(new TimelineQuery(USER, cursor, null, null, null, 10));

        assertEquals(SELECT + """
                WHERE user_id = CAST(?1 AS uuid)
                  AND (created_at, event_id) < (CAST(?2 AS timestamptz), CAST(?3 AS uuid))
                ORDER BY created_at DESC, event_id DESC
                LIMIT ?4""", statement.sql());
        assertEquals(List.of(USER.toString(), "2026-11-26 10:15:30.123456+00", EVENT.toString(), 11), statement.parameters());
    }

    @Test
    void filtersAreConditionsOfTheirOwnWithTheirParametersInOrder() {
        TimelinePosition cursor = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);
        TimelineQuery query = new TimelineQuery(USER, cursor, "user_registered",
                Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), 200);

        StoredEvents.Statement statement = StoredEvents.timelineStatement(query);

        assertEquals(SELECT + """
                WHERE user_id = CAST(?1 AS uuid)
                  AND (created_at, event_id) < (CAST(?2 AS timestamptz), CAST(?3 AS uuid))
                  AND event_type = ?4
                  AND created_at >= CAST(?5 AS timestamptz)
                  AND created_at < CAST(?6 AS timestamptz)
                ORDER BY created_at DESC, event_id DESC
                LIMIT ?7""", statement.sql());
        assertEquals(List.of(USER.toString(), "2026-11-26 10:15:30.123456+00", EVENT.toString(), "user_registered",
                "2026-11-01 00:00:00.000000+00", "2026-12-01 00:00:00.000000+00", 201), statement.parameters());
    }

    @Test
    void theUnreadTimelineSelectsThePagesKeysFromTheIndexAloneThenItsRows() throws IOException {
        TimelinePosition cursor = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);

        StoredEvents.Statement statement = StoredEvents.timelineStatement(new TimelineQuery(USER, cursor, null, null, null, 50, true));

        assertEquals(SELECT + """
                WHERE event_id IN (
                    SELECT event_id
                    FROM processed_events
                    WHERE user_id = CAST(?1 AS uuid)
                      AND read_at IS NULL
                      AND (created_at, event_id) < (CAST(?2 AS timestamptz), CAST(?3 AS uuid))
                    ORDER BY created_at DESC, event_id DESC
                    LIMIT ?4)
                ORDER BY created_at DESC, event_id DESC""", statement.sql());
        assertEquals(List.of(USER.toString(), "2026-11-26 10:15:30.123456+00", EVENT.toString(), 51), statement.parameters());
        String schema = Files.readString(Path.of("..", "db", "init.sql"));
        assertTrue(schema.contains("ON processed_events (user_id, created_at DESC, event_id DESC) INCLUDE (read_at);"),
                "the keys and read_at are all in the timeline's index");
    }

    @Test
    void markingReadSendsTheIdsAsOneArrayAndTouchesOnlyUnreadRowsOfTheUser() {
        StoredEvents.Statement statement = StoredEvents.markReadStatement(USER, Set.of(EVENT, USER));

        assertEquals(List.of(USER.toString(), "{" + USER + "," + EVENT + "}"), statement.parameters(), "in the order of their text");
        assertTrue(statement.sql().contains("UPDATE processed_events SET read_at = statement_timestamp()\n"
                + "    WHERE event_id = ANY (CAST(?2 AS uuid[])) AND user_id = CAST(?1 AS uuid) AND read_at IS NULL\n"), statement.sql());
    }

    @Test
    void markingAllGoesOnBelowWhereTheLastTransactionStoppedStartingAboveEverything() {
        TimelinePosition stopped = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);

        StoredEvents.Statement first = StoredEvents.markUnreadStatement(USER, null, 1000);
        StoredEvents.Statement next = StoredEvents.markUnreadStatement(USER, stopped, 1000);

        assertEquals(List.of(USER.toString(), "infinity", "ffffffff-ffff-ffff-ffff-ffffffffffff", 1000), first.parameters());
        assertEquals(List.of(USER.toString(), "2026-11-26 10:15:30.123456+00", EVENT.toString(), 1000), next.parameters());
        assertTrue(first.sql().contains("WHERE user_id = CAST(?1 AS uuid) AND read_at IS NULL\n"
                + "      AND (created_at, event_id) < (CAST(?2 AS timestamptz), CAST(?3 AS uuid))\n"
                + "    ORDER BY created_at DESC, event_id DESC\n    LIMIT ?4)"), first.sql());
        assertTrue(first.sql().contains("WHERE event_id IN (SELECT event_id FROM candidates) AND read_at IS NULL"), first.sql());
    }

    /** The EXPLAIN script's figures are only worth something if it runs the statements this class sends. */
    @Test
    void theExplainScriptRunsTheseVeryStatements() throws IOException {
        String script = Files.readString(Path.of("..", "bench", "explain-timeline.sh"));
        TimelinePosition cursor = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);
        Instant since = Instant.parse("2026-11-01T00:00:00Z");
        List<TimelineQuery> explained = List.of(
                new TimelineQuery(USER, null, null, null, null, 50),
                new TimelineQuery(USER, cursor, null, null, null, 50),
                new TimelineQuery(USER, null, "account_deleted", null, null, 50),
                new TimelineQuery(USER, null, null, since, since.plusSeconds(7 * 86400), 50),
                new TimelineQuery(USER, null, null, null, null, 50, true));

        for (TimelineQuery query : explained) {
            // in the script's here-document, ?1 is written \$1
            String sql = StoredEvents.timelineStatement(query).sql().replaceAll("\\?(\\d+)", "\\\\\\$$1");
            assertTrue(script.contains(sql), "bench/explain-timeline.sh has no statement\n" + sql);
        }
        String count = StoredEvents.COUNT_UNREAD.replaceAll("\\?(\\d+)", "\\\\\\$$1");
        assertTrue(script.contains(count), "bench/explain-timeline.sh has no statement\n" + count);
    }

    @Test
    void aRowBecomesTheStoredEventWithItsPayloadAndMicroseconds() {
        Object[] row = {EVENT, USER.toString(), "user_registered", "Welcome!", "{\"n\": 1, \"email\": \"a@example.com\"}", "PROCESSED",
                Timestamp.from(Instant.parse("2026-11-26T10:15:30.123456Z")), null, "4bf92f3577b34da6a3ce929d0e0e4736",
                Timestamp.from(Instant.parse("2026-11-27T08:00:00.000001Z"))};

        StoredEvent event = StoredEvents.event(row);

        assertEquals(EVENT, event.eventId());
        assertEquals(USER, event.userId());
        assertEquals(1, event.payload().getInt("n"));
        assertEquals("a@example.com", event.payload().getString("email"));
        assertEquals(Instant.parse("2026-11-26T10:15:30.123456Z"), event.createdAt());
        assertEquals(null, event.processedAt());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", event.traceId());
        assertEquals(Instant.parse("2026-11-27T08:00:00.000001Z"), event.readAt());
    }
}
