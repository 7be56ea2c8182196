package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.testing.DatabaseSystem.HeldReadMarks;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A user's read state on Payara Micro against the real PostgreSQL: {@code POST /api/users/{user_id}/events/read}
 * marks the user's events read once (a second mark keeps the first {@code read_at}) and leaves every other user's
 * alone, {@code ?unread=true} pages through the unread ones, {@code unread-count} counts them, and every stored
 * event's JSON carries {@code read_at}. Each test uses users of its own; rows are written straight into the table
 * where exact times matter.
 */
class ReadStateIT extends OnPayaraMicro {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(10);
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 2, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void markingSomeEventsReadSetsTheirReadAtAndLeavesTheOthersUnread() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 5);

        HttpResponse<String> marked = markRead(user, ids(rows.get(0), rows.get(2)));

        assertEquals(200, marked.statusCode(), marked.body());
        assertEquals("application/json", marked.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(counts(2, 0, 0), json(marked));
        for (int i = 0; i < rows.size(); i++) {
            OffsetDateTime readAt = database.readAtOf(rows.get(i).eventId());
            assertEquals(i == 0 || i == 2, readAt != null, "row " + i + ": " + readAt);
        }
        JsonObject event = json(api.get("/api/events/" + rows.get(0).eventId()));
        assertEquals(database.readAtOf(rows.get(0).eventId()).toInstant(), Instant.parse(event.getString("read_at")), "to the microsecond");
        assertEquals(JsonValue.NULL, json(api.get("/api/events/" + rows.get(1).eventId())).get("read_at"));
    }

    @Test
    void markingAgainKeepsTheFirstReadAtAndCountsItAsAlreadyRead() throws Exception {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 3);
        assertEquals(counts(1, 0, 0), json(markRead(user, ids(rows.get(0)))));
        OffsetDateTime first = database.readAtOf(rows.get(0).eventId());
        Thread.sleep(20);

        HttpResponse<String> again = markRead(user, ids(rows.get(0), rows.get(1), rows.get(0)));

        assertEquals(200, again.statusCode(), again.body());
        assertEquals(counts(1, 1, 0), json(again), "the repeated id counts once");
        assertEquals(first, database.readAtOf(rows.get(0).eventId()), "the first read_at is kept");
        assertTrue(database.readAtOf(rows.get(1).eventId()).isAfter(first), "the newly marked one is read later");
        assertEquals(counts(0, 2, 0), json(markRead(user, ids(rows.get(0), rows.get(1)))), "sending it again changes nothing");
        assertEquals(first, database.readAtOf(rows.get(0).eventId()));
    }

    @Test
    void idsOfUnknownEventsAndOfAnotherUsersEventsAreCountedUnknownAndChangeNothing() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<StoredEvent> mine = rows(user, 2);
        List<StoredEvent> theirs = rows(other, 2);
        long unreadOfOther = unreadCount(other);

        HttpResponse<String> marked = markRead(user, List.of(theirs.get(0).eventId(), UUID.randomUUID(), mine.get(1).eventId()));

        assertEquals(counts(1, 0, 2), json(marked), marked.body());
        assertNull(database.readAtOf(theirs.get(0).eventId()), "another user's event is not marked");
        assertEquals(unreadOfOther, unreadCount(other));
        assertEquals(2, unreadOfOther);
        assertEquals(counts(0, 0, 1), json(markRead(other, ids(mine.get(1)))), "nor is it told apart from an unknown one");
    }

    @Test
    void anEventTheConsumerStoresIsUnreadUntilMarked() {
        UUID user = UUID.randomUUID();
        UUID eventId = acceptedEventId(api.post("{\"user_id\": \"" + user + "\", \"event_type\": \"t\", \"message\": \"m\"}"));
        database.awaitStored(eventId, STORED_WITHIN);

        HttpResponse<String> stored = api.get("/api/events/" + eventId);

        assertEquals(JsonValue.NULL, json(stored).get("read_at"));
        assertEquals(10, json(stored).size(), stored.body());
        assertEquals("private, no-cache", stored.headers().firstValue("Cache-Control").orElseThrow(), "it changes when read");
        assertEquals(1, unreadCount(user));
        assertEquals(counts(1, 0, 0), json(markRead(user, List.of(eventId))));
        assertEquals(0, unreadCount(user));
        assertNotNull(json(api.get("/api/events/" + eventId)).getString("read_at"));
    }

    /** A resend is stored once (ON CONFLICT DO NOTHING): it cannot make a read event unread again. */
    @Test
    void anEventSentAgainAfterItWasReadStaysRead() {
        UUID user = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String event = "{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + user + "\", \"event_type\": \"t\", \"message\": \"m\"}";
        acceptedEventId(api.post(event));
        database.awaitStored(eventId, STORED_WITHIN);
        markRead(user, List.of(eventId));
        OffsetDateTime readAt = database.readAtOf(eventId);

        UUID after = UUID.randomUUID();
        // One request, one publisher's order in one queue: the copy reaches the consumer before the new event.
        HttpResponse<String> batch = api.postBatch("[" + event + ", " + event.replace(eventId.toString(), after.toString()) + "]");
        assertEquals(202, batch.statusCode(), batch.body());
        database.awaitStored(after, STORED_WITHIN);

        assertEquals(1, database.rowsOf(eventId).size());
        assertEquals(readAt, database.readAtOf(eventId));
        assertEquals(1, unreadCount(user), "only the new one");
    }

    @Test
    void allMarksEveryUnreadEventOfTheUserAcrossSeveralTransactionsAndNoOnesElse() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 2_345);
        rows(other, 3);
        assertEquals(counts(2, 0, 0), json(markRead(user, ids(rows.get(7), rows.get(2_000)))));
        OffsetDateTime readBefore = database.readAtOf(rows.get(7).eventId());

        HttpResponse<String> all = api.postJson(read(user), "{\"all\": true}");

        assertEquals(200, all.statusCode(), all.body());
        assertEquals("{\"marked\":2343}", all.body(), "the unread ones, more than one transaction's worth");
        assertEquals(0, unreadCount(user));
        assertEquals(readBefore, database.readAtOf(rows.get(7).eventId()), "read before: kept");
        assertEquals(3, unreadCount(other), "another user's events are not touched");
        assertEquals("{\"marked\":0}", api.postJson(read(user), "{\"all\": true}").body());
    }

    /** Marking read updates rows that exist; the consumer inserts new ones: neither waits for the other. */
    @Test
    void whileAMarkHoldsAllOfAUsersRowsTheConsumerStoresNewEventsOfThatUser() {
        UUID user = UUID.randomUUID();
        rows(user, 50);
        UUID eventId;
        try (HeldReadMarks held = database.markReadAndHold(user)) {
            assertEquals(50, held.rows());
            eventId = acceptedEventId(api.post("{\"user_id\": \"" + user + "\", \"event_type\": \"t\", \"message\": \"m\"}"));

            database.awaitStored(eventId, STORED_WITHIN);
        }
        assertNull(database.readAtOf(eventId));
        assertEquals(51, unreadCount(user), "the held marks were rolled back");
    }

    @Test
    void theUnreadTimelinePagesThroughTheUnreadEventsOnlyAndItsLinkKeepsUnread() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 23);
        List<UUID> read = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += 3) {
            read.add(rows.get(i).eventId());
        }
        assertEquals(counts(read.size(), 0, 0), json(markRead(user, read)));
        List<UUID> unreadNewestFirst = new ArrayList<>(rows.stream().map(StoredEvent::eventId).filter(id -> !read.contains(id)).toList());
        Collections.reverse(unreadNewestFirst); // the rows are a second apart, oldest first

        List<UUID> seen = new ArrayList<>();
        HttpResponse<String> page = api.get(timeline(user, "?unread=true&limit=4"));
        int pages = 1;
        seen.addAll(eventIds(page));
        while (page.headers().firstValue("Link").isPresent()) {
            String link = page.headers().firstValue("Link").orElseThrow();
            assertTrue(link.contains("unread=true") && link.contains("limit=4"), link);
            page = api.get(nextLink(page));
            assertEquals(200, page.statusCode(), page.body());
            seen.addAll(eventIds(page));
            pages++;
        }

        assertEquals(unreadNewestFirst, seen, "every unread event once, newest first, and no read one");
        assertEquals(4, pages, "15 unread: 4 + 4 + 4 + 3");
        assertEquals(JsonValue.NULL, json(page).get("next"));
        assertTrue(json(api.get(timeline(user, "?unread=true&limit=200"))).getJsonArray("events").getValuesAs(JsonObject.class)
                .stream().allMatch(event -> event.get("read_at") == JsonValue.NULL));
        assertEquals(23, eventIds(api.get(timeline(user, "?unread=false&limit=200"))).size(), "unread=false: all of them");
        List<JsonObject> all = json(api.get(timeline(user, "?limit=200"))).getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(read.size(), all.stream().filter(event -> event.get("read_at") != JsonValue.NULL).count(), "read_at on the timeline");
    }

    @Test
    void theUnreadCountCountsTheUsersUnreadEventsAndIsCappedAtTenThousand() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 12);
        markRead(user, ids(rows.get(0), rows.get(5), rows.get(11), rows.get(3)));

        HttpResponse<String> count = api.get(unreadCountPath(user));

        assertEquals(200, count.statusCode(), count.body());
        assertEquals("{\"unread\":8,\"capped\":false}", count.body());
        assertEquals("private, no-cache", count.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("{\"unread\":0,\"capped\":false}", api.get(unreadCountPath(UUID.randomUUID())).body(), "an unknown user");

        UUID heavy = UUID.randomUUID();
        rows(heavy, 10_000);
        assertEquals("{\"unread\":10000,\"capped\":false}", api.get(unreadCountPath(heavy)).body(), "exactly the cap");
        rows(heavy, 1);
        assertEquals("{\"unread\":10000,\"capped\":true}", api.get(unreadCountPath(heavy)).body(), "above the cap");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{} | event_ids",
            "{\"event_ids\": null, \"all\": null} | event_ids",
            "{\"event_ids\": [\"617c2320-1cae-4907-abb7-984198549571\"], \"all\": true} | all",
            "{\"all\": false} | all",
            "{\"all\": \"true\"} | all",
            "{\"event_ids\": []} | event_ids",
            "{\"event_ids\": \"617c2320-1cae-4907-abb7-984198549571\"} | event_ids",
            "{\"event_ids\": [\"617c2320-1cae-4907-abb7-984198549571\", \"nope\"]} | event_ids[1]",
            "{\"event_ids\": [42]} | event_ids[0]"})
    void anInvalidBodyIsAJsonBadRequestNamingTheFieldAndMarksNothing(String body, String field) {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = rows(user, 1);

        HttpResponse<String> answer = api.postJson(read(user), body.replace("617c2320-1cae-4907-abb7-984198549571", rows.get(0).eventId().toString()));

        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Invalid request to mark events read: nothing was marked", json(answer).getString("message"));
        assertEquals(List.of(field), fields(answer), answer.body());
        assertNull(database.readAtOf(rows.get(0).eventId()));
    }

    @Test
    void moreThanOneHundredIdsAreRefusedAndOneHundredAccepted() {
        UUID user = UUID.randomUUID();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            ids.add(UUID.randomUUID());
        }

        HttpResponse<String> tooMany = markRead(user, ids);
        HttpResponse<String> most = markRead(user, ids.subList(0, 100));

        assertEquals(400, tooMany.statusCode(), tooMany.body());
        assertEquals(List.of("event_ids"), fields(tooMany));
        assertEquals(counts(0, 0, 100), json(most));
    }

    @Test
    void requestsThatAreNotJsonOrNotForAUserAreRefusedAsTheOtherPostsAre() {
        UUID user = UUID.randomUUID();

        HttpResponse<String> notJson = api.postJson(read(user), "{\"all\": true", "Content-Type", "application/json");
        HttpResponse<String> textPlain = api.postJson(read(user), "{\"all\": true}", "Content-Type", "text/plain");
        HttpResponse<String> noType = api.postJson(read(user), "{\"all\": true}", "Accept", "application/json");
        // The server stops reading an oversized body: that connection is of no use to the requests after it.
        HttpResponse<String> tooLarge = api.withOwnConnections().postJson(read(user), "{\"all\": true, \"pad\": \"" + "x".repeat(70_000) + "\"}");
        HttpResponse<String> notAUser = api.postJson("/api/users/not-a-uuid/events/read", "{\"all\": true}");
        HttpResponse<String> get = api.get(read(user));

        assertEquals(400, notJson.statusCode(), notJson.body());
        assertTrue(json(notJson).getString("message").startsWith("Body is not valid JSON"), notJson.body());
        assertEquals(415, textPlain.statusCode(), textPlain.body());
        assertEquals(415, noType.statusCode(), noType.body());
        assertEquals(413, tooLarge.statusCode(), tooLarge.body());
        assertEquals(400, notAUser.statusCode(), notAUser.body());
        assertEquals(List.of("user_id"), fields(notAUser));
        assertEquals(405, get.statusCode(), get.body());
        assertTrue(get.headers().firstValue("Allow").orElse("").contains("POST"), get.headers().map().toString());
        for (HttpResponse<String> answer : List.of(textPlain, noType, tooLarge, get)) {
            assertTrue(json(answer).getString("message").length() > 0, answer.body());
        }
    }

    @Test
    void anUnreadThatIsNotTrueOrFalseAndAUserIdThatIsNoUuidAreBadRequestsNamingThem() {
        HttpResponse<String> unread = api.get(timeline(UUID.randomUUID(), "?unread=yes"));
        HttpResponse<String> count = api.get("/api/users/nobody/events/unread-count");

        assertEquals(400, unread.statusCode(), unread.body());
        assertEquals("Invalid timeline request", json(unread).getString("message"));
        assertEquals(List.of("unread"), fields(unread));
        assertEquals(400, count.statusCode(), count.body());
        assertEquals(List.of("user_id"), fields(count));
    }

    // helpers

    /** {@code count} unread rows of the user, a second apart, oldest first, written straight into the table. */
    private List<StoredEvent> rows(UUID user, int count) {
        List<StoredEvent> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            OffsetDateTime createdAt = T0.plusSeconds(i);
            rows.add(new StoredEvent(UUID.randomUUID(), user, "t" + i % 3, "m", null, "PROCESSED", createdAt, createdAt.plusNanos(50_000_000)));
        }
        database.insert(rows);
        return rows;
    }

    private HttpResponse<String> markRead(UUID user, List<UUID> eventIds) {
        String ids = eventIds.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ", "[", "]"));
        return api.postJson(read(user), "{\"event_ids\": " + ids + "}");
    }

    private long unreadCount(UUID user) {
        HttpResponse<String> answer = api.get(unreadCountPath(user));
        assertEquals(200, answer.statusCode(), answer.body());
        return json(answer).getJsonNumber("unread").longValue();
    }

    private static JsonObject counts(long marked, long alreadyRead, long unknown) {
        return Json.createObjectBuilder().add("marked", marked).add("already_read", alreadyRead).add("unknown", unknown).build();
    }

    private static List<UUID> ids(StoredEvent... rows) {
        return Arrays.stream(rows).map(StoredEvent::eventId).toList();
    }

    private static String read(UUID user) {
        return "/api/users/" + user + "/events/read";
    }

    private static String unreadCountPath(UUID user) {
        return "/api/users/" + user + "/events/unread-count";
    }

    private static String timeline(UUID user, String query) {
        return "/api/users/" + user + "/events" + query;
    }

    private static String nextLink(HttpResponse<String> page) {
        String link = page.headers().firstValue("Link").orElseThrow(() -> new AssertionError("no Link header: " + page.body()));
        return link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    }

    private static List<UUID> eventIds(HttpResponse<String> page) {
        return json(page).getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> UUID.fromString(e.getString("event_id"))).toList();
    }

    private static List<String> fields(HttpResponse<String> answer) {
        return json(answer).getJsonArray("errors").getValuesAs(JsonObject.class).stream().map(e -> e.getString("field")).toList();
    }
}
