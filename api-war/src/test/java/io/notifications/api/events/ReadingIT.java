package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.testing.DatabaseSystem.HeldEventId;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read API on Payara Micro against the real RabbitMQ and PostgreSQL: {@code GET /api/events/{event_id}} answers
 * the stored event once the consumer has stored it, and {@code GET /api/users/{user_id}/events} pages through a
 * user's events newest first, each exactly once, even while newer ones arrive. Each test uses users of its own.
 */
class ReadingIT extends OnPayaraMicro {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(10);
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    // GET /api/events/{event_id}

    @Test
    void theLocationOfAnAcceptedEventAnswersTheStoredEventWithAllItsFields() {
        UUID user = UUID.randomUUID();
        HttpResponse<String> accepted = api.post("{\"user_id\": \"" + user + "\", \"event_type\": \"user_registered\", "
                + "\"message\": \"Welcome!\", \"payload\": {\"email\": \"test@example.com\", \"n\": 1}}");
        UUID eventId = acceptedEventId(accepted);
        StoredEvent row = database.awaitStored(eventId, STORED_WITHIN);

        HttpResponse<String> found = api.get(accepted.headers().firstValue("Location").orElseThrow());

        assertEquals(200, found.statusCode(), found.body());
        assertEquals("application/json", found.headers().firstValue("Content-Type").orElseThrow());
        JsonObject event = json(found);
        assertEquals(eventId.toString(), event.getString("event_id"));
        assertEquals(user.toString(), event.getString("user_id"));
        assertEquals("user_registered", event.getString("event_type"));
        assertEquals("Welcome!", event.getString("message"));
        assertEquals("test@example.com", event.getJsonObject("payload").getString("email"));
        assertEquals(1, event.getJsonObject("payload").getInt("n"));
        assertEquals("PROCESSED", event.getString("status"));
        assertEquals(row.createdAt().toInstant(), OffsetDateTime.parse(event.getString("created_at")).toInstant(), "to the microsecond");
        assertEquals(row.processedAt().toInstant(), OffsetDateTime.parse(event.getString("processed_at")).toInstant());
        assertEquals(accepted.headers().firstValue("X-Trace-Id").orElseThrow(), event.getString("trace_id"), "the request's trace");
        assertEquals(JsonValue.NULL, event.get("read_at"), "stored unread");
        assertEquals(10, event.size(), event.toString());
        assertEquals("private, no-cache", found.headers().firstValue("Cache-Control").orElseThrow(), "read_at may change");
    }

    @Test
    void anAcceptedEventIsNotFoundUntilTheConsumerHasStoredItThenFound() {
        UUID eventId = UUID.randomUUID();
        HttpResponse<String> notYet;
        // While a transaction holds the event id, the consumer's insert waits and readers see no row: accepted, not stored.
        try (HeldEventId held = database.holdEventId(eventId)) {
            acceptedEventId(api.post(SampleEventsFor.user(UUID.randomUUID(), eventId, "user_registered")));
            notYet = api.get("/api/events/" + eventId);
        }

        assertEquals(404, notYet.statusCode(), notYet.body());
        assertEquals("no-store", notYet.headers().firstValue("Cache-Control").orElseThrow());
        String message = json(notYet).getString("message");
        assertTrue(message.contains(eventId.toString()) && message.contains("(yet)") && message.contains("still be waiting in the queue"), message);

        HttpResponse<String> stored = Eventually.within(STORED_WITHIN, () -> api.get("/api/events/" + eventId), answer -> answer.statusCode() == 200);
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals(eventId.toString(), json(stored).getString("event_id"));
    }

    @Test
    void anEventNeverAcceptedIsNotFoundInJson() {
        HttpResponse<String> answer = api.get("/api/events/" + UUID.randomUUID());

        assertEquals(404, answer.statusCode());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(json(answer).getString("message").startsWith("No event "), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "550e8400e29b41d4a716446655440000", "1-2-3-4-5", "%20"})
    void anEventIdThatIsNoUuidIsABadRequestNamingIt(String eventId) {
        HttpResponse<String> answer = api.get("/api/events/" + eventId);

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(List.of("event_id"), fields(answer));
    }

    // GET /api/users/{user_id}/events

    @Test
    void aUsersTimelineShowsTheirAcceptedEventsNewestFirst() {
        UUID user = UUID.randomUUID();
        List<UUID> posted = new ArrayList<>();
        for (String type : List.of("user_registered", "order_placed", "password_changed")) {
            posted.add(acceptedEventId(api.post(SampleEventsFor.user(user, null, type))));
        }
        posted.forEach(id -> database.awaitStored(id, STORED_WITHIN));
        acceptedEventId(api.post(SampleEventsFor.user(UUID.randomUUID(), null, "someone_else")));

        HttpResponse<String> answer = api.get(timeline(user, ""));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of(posted.get(2), posted.get(1), posted.get(0)), eventIds(json(answer)));
        assertEquals(List.of("password_changed", "order_placed", "user_registered"),
                json(answer).getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> e.getString("event_type")).toList());
        assertEquals(JsonValue.NULL, json(answer).get("next"));
        assertEquals(Optional.empty(), answer.headers().firstValue("Link"), "no next page");
        assertEquals("private, no-cache", answer.headers().firstValue("Cache-Control").orElseThrow());
    }

    @Test
    void anUnknownUserHasAnEmptyTimeline() {
        HttpResponse<String> answer = api.get(timeline(UUID.randomUUID(), ""));

        assertEquals(200, answer.statusCode());
        assertEquals("{\"events\":[],\"next\":null}", answer.body());
    }

    @Test
    void pagingVisitsEveryEventOnceInOrderWhileNewerEventsArriveForTheSameUser() throws Exception {
        UUID user = UUID.randomUUID();
        // 23 events, some accepted in the same microsecond: the event id decides between those.
        List<StoredEvent> older = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            older.add(row(user, "t" + (i % 3), T0.plusSeconds(i / 3)));
        }
        database.insert(older);
        List<UUID> expected = newestFirst(older);

        List<UUID> seen = new ArrayList<>();
        HttpResponse<String> page = api.get(timeline(user, "?limit=5"));
        seen.addAll(eventIds(json(page)));

        // From now on newer events keep arriving for the same user: written straight into the table, and through the
        // API and the consumer.
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger arrived = new AtomicInteger();
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> {
            while (paging.get() && arrived.get() < 100) { // at most 100: the check below reads them on one page
                database.insert(List.of(row(user, "newer", OffsetDateTime.now(ZoneOffset.UTC))));
                arrived.incrementAndGet();
                sleep(20);
            }
        });
        List<UUID> postedMeanwhile = new ArrayList<>();
        int pages = 1;
        while (page.headers().firstValue("Link").isPresent()) {
            postedMeanwhile.add(acceptedEventId(api.post(SampleEventsFor.user(user, null, "newer"))));
            page = api.get(nextLink(page));
            assertEquals(200, page.statusCode(), page.body());
            seen.addAll(eventIds(json(page)));
            pages++;
        }
        paging.set(false);
        arriving.get();

        assertEquals(expected, seen, "every event once, newest first");
        assertEquals(5, pages, "5 + 5 + 5 + 5 + 3");
        assertEquals(JsonValue.NULL, json(page).get("next"));
        assertTrue(arrived.get() > 0, "events arrived while paging");
        postedMeanwhile.forEach(id -> database.awaitStored(id, STORED_WITHIN));
        List<UUID> firstPageNow = eventIds(json(api.get(timeline(user, "?limit=200"))));
        assertEquals(arrived.get() + postedMeanwhile.size() + older.size(), firstPageNow.size(), "the newer ones are there");
        assertEquals(expected, firstPageNow.subList(firstPageNow.size() - older.size(), firstPageNow.size()), "below the newer ones");
    }

    @Test
    void theNextLinkKeepsTheFiltersAndTheLimit() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(row(user, i % 2 == 0 ? "order_placed" : "login", T0.plusMinutes(i)));
        }
        database.insert(rows);
        String query = "?limit=2&event_type=order_placed&since=" + T0.plusMinutes(1).toInstant() + "&until=" + T0.plusMinutes(9).toInstant();

        HttpResponse<String> first = api.get(timeline(user, query));
        String link = first.headers().firstValue("Link").orElseThrow();
        HttpResponse<String> second = api.get(nextLink(first));

        String cursor = json(first).getString("next");
        assertTrue(link.matches("<http://[^>]+/api/users/" + user + "/events\\?[^>]+>; ?rel=\"next\""), link);
        for (String kept : List.of("limit=2", "event_type=order_placed", "since=", "until=", "before=" + cursor)) {
            assertTrue(link.contains(kept), kept + " in " + link);
        }
        // order_placed at minutes 0, 2, 4, 6, 8; since minute 1 and until minute 9: 8, 6 | 4, 2
        assertEquals(List.of(rows.get(8).eventId(), rows.get(6).eventId()), eventIds(json(first)));
        assertEquals(List.of(rows.get(4).eventId(), rows.get(2).eventId()), eventIds(json(second)));
        assertEquals(Optional.empty(), second.headers().firstValue("Link"), "minute 0 is before since: no third page");
        assertEquals(JsonValue.NULL, json(second).get("next"));
    }

    @Test
    void sinceIsInclusiveAndUntilExclusiveToTheMicrosecond() {
        UUID user = UUID.randomUUID();
        OffsetDateTime at = T0.plusNanos(123_456_000);
        List<StoredEvent> rows = List.of(row(user, "a", at.minusNanos(1_000)), row(user, "b", at), row(user, "c", at.plusNanos(1_000)),
                row(user, "d", at.plusNanos(2_000)));
        database.insert(rows);

        HttpResponse<String> answer = api.get(timeline(user, "?since=" + at.toInstant() + "&until=" + at.plusNanos(2_000).toInstant()));

        assertEquals(List.of(rows.get(2).eventId(), rows.get(1).eventId()), eventIds(json(answer)));
    }

    @Test
    void theEventTypeFilterIsExact() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = List.of(row(user, "login", T0), row(user, "Login", T0.plusSeconds(1)),
                row(user, "login_failed", T0.plusSeconds(2)), row(user, "login", T0.plusSeconds(3)));
        database.insert(rows);

        HttpResponse<String> answer = api.get(timeline(user, "?event_type=login"));

        assertEquals(List.of(rows.get(3).eventId(), rows.get(0).eventId()), eventIds(json(answer)));
    }

    @Test
    void aPageHoldsFiftyEventsUnlessAskedOtherwiseAndAtMostTwoHundred() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            rows.add(row(user, "login", T0.plusSeconds(i)));
        }
        database.insert(rows);

        assertEquals(50, eventIds(json(api.get(timeline(user, "")))).size());
        assertEquals(1, eventIds(json(api.get(timeline(user, "?limit=1")))).size());
        HttpResponse<String> most = api.get(timeline(user, "?limit=200"));
        assertEquals(200, eventIds(json(most)).size());
        HttpResponse<String> rest = api.get(nextLink(most));
        assertEquals(List.of(rows.get(0).eventId()), eventIds(json(rest)), "the oldest, alone on the last page");
        assertEquals(JsonValue.NULL, json(rest).get("next"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "?limit=0 | limit", "?limit=201 | limit", "?limit=ten | limit", "?limit= | limit", "?limit=-5 | limit",
            "?limit=1&limit=2 | limit",
            "?before=not-a-cursor | before", "?before=eyJvZmZzZXQiOjUwMDB9 | before",
            "?since=yesterday | since", "?until=2026-01-01 | until",
            "?since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z | until",
            "?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z | until",
            "?event_type= | event_type"})
    void anInvalidParameterIsABadRequestNamingIt(String query, String field) {
        HttpResponse<String> answer = api.get(timeline(UUID.randomUUID(), query));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Invalid timeline request", json(answer).getString("message"));
        assertEquals(List.of(field), fields(answer), answer.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "550e8400-e29b-41d4-a716-44665544000Z", "0"})
    void aUserIdThatIsNoUuidIsABadRequestNamingIt(String userId) {
        HttpResponse<String> answer = api.get("/api/users/" + userId + "/events");

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(List.of("user_id"), fields(answer));
    }

    @Test
    void whileTheDatabaseRefusesConnectionsReadsAreAnswered503WithRetryAfterAndAfterwardsAgain200() {
        UUID user = UUID.randomUUID();
        database.refuseConnections();
        try {
            for (String path : List.of("/api/events/" + UUID.randomUUID(), timeline(user, ""))) {
                HttpResponse<String> answer = api.get(path);
                assertEquals(503, answer.statusCode(), path + ": " + answer.body());
                assertEquals("5", answer.headers().firstValue("Retry-After").orElse(null), path);
                assertTrue(json(answer).getString("message").startsWith("The database is unavailable"), answer.body());
            }
        } finally {
            database.allowConnections();
        }
        HttpResponse<String> after = Eventually.within(Duration.ofSeconds(15), () -> api.get(timeline(user, "")), r -> r.statusCode() == 200);
        assertEquals(200, after.statusCode(), after.body());
    }

    // helpers

    /** Request bodies for a user of the test's own. */
    private static final class SampleEventsFor {
        static String user(UUID user, UUID eventId, String eventType) {
            String id = eventId == null ? "" : "\"event_id\": \"" + eventId + "\", ";
            return "{" + id + "\"user_id\": \"" + user + "\", \"event_type\": \"" + eventType + "\", \"message\": \"m\"}";
        }
    }

    private static StoredEvent row(UUID user, String eventType, OffsetDateTime createdAt) {
        return new StoredEvent(UUID.randomUUID(), user, eventType, "m", "{\"k\": 1}", "PROCESSED", createdAt, createdAt.plusNanos(100_000_000));
    }

    /** The events' ids in the timeline's order: newest first, and by event id (as PostgreSQL orders UUIDs) within a microsecond. */
    private static List<UUID> newestFirst(List<StoredEvent> rows) {
        return rows.stream()
                .sorted(Comparator.comparing((StoredEvent row) -> row.createdAt().toInstant())
                        .thenComparing(row -> row.eventId().toString()) // unsigned, byte by byte, unlike UUID.compareTo
                        .reversed())
                .map(StoredEvent::eventId)
                .toList();
    }

    private static String timeline(UUID user, String query) {
        return "/api/users/" + user + "/events" + query;
    }

    private static String nextLink(HttpResponse<String> page) {
        String link = page.headers().firstValue("Link").orElseThrow(() -> new AssertionError("no Link header: " + page.body()));
        return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }

    private static List<UUID> eventIds(JsonObject page) {
        return page.getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> UUID.fromString(e.getString("event_id"))).toList();
    }

    private static List<String> fields(HttpResponse<String> answer) {
        return json(answer).getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
