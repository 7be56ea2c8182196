package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static io.notifications.api.system.SampleEvents.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SampleEvents;
import io.notifications.testing.BrokerSystem.Tap;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /api/events/batch}, on Payara Micro against the real RabbitMQ and PostgreSQL: a batch is refused as a
 * whole before anything of it is published, or published in full and answered 202 once every event is confirmed;
 * whatever the outcome, sending the same batch again stores each event once.
 */
class BatchPublishingIT extends OnPayaraMicro {

    private static final int MAX_EVENTS = 100;            // api.max-batch-events
    private static final int MAX_BODY_BYTES = 1024 * 1024; // api.max-batch-body-bytes

    /** A copy of every message the API publishes during the test. */
    private Tap published;

    @BeforeEach
    void tapTheExchange() {
        published = broker.tap();
    }

    @AfterEach
    void removeTheTap() {
        published.close();
    }

    /** A valid event whose message is {@code message}; {@code eventId} may be null to leave it out. */
    private static String event(UUID eventId, String message) {
        return welcome(eventId).replace("Welcome!", message);
    }

    private static String batch(List<String> events) {
        return "[" + String.join(",", events) + "]";
    }

    private static String batchOf(UUID... eventIds) {
        return batch(Arrays.stream(eventIds).map(id -> event(id, "event " + id)).toList());
    }

    private static List<UUID> eventIds(HttpResponse<String> response) {
        return json(response).getJsonArray("event_ids").getValuesAs(JsonString.class).stream()
                .map(id -> UUID.fromString(id.getString())).toList();
    }

    private static List<UUID> acceptedEventIds(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        return eventIds(response);
    }

    @Test
    void aValidBatchIsAcceptedWithTheIdsInOrderAndEveryEventIsStoredUnderItsId() {
        UUID own = UUID.randomUUID();

        HttpResponse<String> response = api.postBatch(batch(List.of(event(null, "first"), event(own, "second"), event(null, "third"))));

        assertEquals(202, response.statusCode(), response.body());
        assertEquals("Events published successfully", json(response).getString("message"));
        List<UUID> ids = eventIds(response);
        assertEquals(3, new HashSet<>(ids).size(), "three distinct ids: " + ids);
        assertEquals(own, ids.get(1), "an event's own event_id is kept");
        assertEquals(List.of("first", "second", "third"),
                ids.stream().map(id -> database.awaitStored(id, Duration.ofSeconds(10)).message()).toList(),
                "the nth id is the nth event's");
        assertEquals(new HashSet<>(ids.stream().map(UUID::toString).toList()), new HashSet<>(published.takeMessageIds()));
    }

    @Test
    void aBatchOfTheMaximumSizeIsAcceptedAndStored() {
        List<UUID> sent = Stream.generate(UUID::randomUUID).limit(MAX_EVENTS).toList();

        assertEquals(sent, acceptedEventIds(api.postBatch(batchOf(sent.toArray(UUID[]::new)))));

        sent.forEach(id -> database.awaitStored(id, Duration.ofSeconds(20)));
    }

    @Test
    void oneInvalidEventRefusesTheWholeBatchWith400NamingItsIndexAndNothingIsPublished() {
        List<UUID> sent = Stream.generate(UUID::randomUUID).limit(5).toList();
        List<String> events = new ArrayList<>(sent.stream().map(id -> event(id, "event " + id)).toList());
        events.set(3, events.get(3).replace(SampleEvents.USER, "not-a-uuid"));

        HttpResponse<String> response = api.postBatch(batch(events));

        assertRefused(response, 400, "[3].user_id");
        assertEquals(1, json(response).getJsonArray("errors").size(), response.body());
        assertNothingPublished(sent);
    }

    @Test
    void everyInvalidEventIsNamedInOneAnswer() {
        String valid = welcome(null);
        HttpResponse<String> response = api.postBatch(batch(List.of(
                valid.replace("\"message\": \"Welcome!\", ", ""), valid, valid.replace("{\"n\": 1}", "[1]"), "42")));

        assertRefused(response, 400, "[0].message");
        assertRefused(response, 400, "[2].payload");
        assertRefused(response, 400, "[3]");
        assertNothingPublished(List.of());
    }

    @Test
    void aBatchOverTheMaximumIsRefusedWith400AndNothingIsPublished() {
        List<UUID> sent = Stream.generate(UUID::randomUUID).limit(MAX_EVENTS + 1).toList();

        HttpResponse<String> response = api.postBatch(batchOf(sent.toArray(UUID[]::new)));

        assertRefused(response, 400, null);
        assertTrue(json(response).getString("message").contains("at most " + MAX_EVENTS), response.body());
        assertNothingPublished(sent);
    }

    @Test
    void anEventIdGivenTwiceInOneBatchRefusesItWith400NamingTheRepeat() {
        UUID twice = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        HttpResponse<String> response = api.postBatch(batchOf(twice, other, twice));

        assertRefused(response, 400, "[2].event_id");
        assertNothingPublished(List.of(twice, other));
    }

    static Stream<Arguments> bodiesThatAreNotABatch() {
        String valid = welcome(null);
        return Stream.of(
                Arguments.of("a single event, not an array", valid),
                Arguments.of("an empty array", "[]"),
                Arguments.of("an empty body", ""),
                Arguments.of("malformed JSON", "[" + valid),
                Arguments.of("trailing garbage", "[" + valid + "] []"),
                Arguments.of("a duplicate key in an event", "[" + valid.replace("{", "{\"message\": \"first\", ") + "]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesThatAreNotABatch")
    void aBodyThatIsNotABatchOfEventsIsRefusedWith400AndNothingIsPublished(String problem, String body) {
        assertRefused(api.postBatch(body), 400, null);
        assertNothingPublished(List.of());
    }

    @Test
    void aBatchThatIsNotDeclaredAsJsonIsRefusedWith415() {
        String body = batchOf(UUID.randomUUID());

        assertRefused(api.postBatch(HttpRequest.BodyPublishers.ofString(body), "Content-Type", "text/plain"), 415, null);
        assertRefused(api.postBatch(HttpRequest.BodyPublishers.ofString(body)), 415, null);
        assertNothingPublished(List.of());
    }

    @Test
    void aBatchOverTheBodyLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        String body = batchOf(UUID.randomUUID()).replace("event ", "x".repeat(MAX_BODY_BYTES));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertRefused(api.postBatch(body), 413, null);
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertRefused(api.postBatch(chunked, "Content-Type", "application/json"), 413, null);
        assertNothingPublished(List.of());
    }

    @Test
    void anEventLargerThanTheSingleEndpointTakesIsRefusedByItsIndexThoughTheBatchIsUnderItsLimit() {
        UUID small = UUID.randomUUID();
        String large = event(UUID.randomUUID(), "x".repeat(64 * 1024));

        HttpResponse<String> response = api.postBatch(batch(List.of(event(small, "small"), large)));

        assertRefused(response, 400, "[1]");
        assertNothingPublished(List.of(small));
    }

    @Test
    void aFullBatchOfExactlyTheBodyLimitIsAccepted() {
        // Each event of a full batch may take a hundredth of the limit: far more than an event of the single endpoint
        // could (64 KiB) would not fit.
        List<UUID> sent = Stream.generate(UUID::randomUUID).limit(MAX_EVENTS).toList();
        String unpadded = batchOf(sent.toArray(UUID[]::new));
        int padding = (MAX_BODY_BYTES - unpadded.length()) / MAX_EVENTS;
        int rest = MAX_BODY_BYTES - unpadded.length() - padding * MAX_EVENTS;
        List<String> events = IntStream.range(0, MAX_EVENTS)
                .mapToObj(i -> event(sent.get(i), "x".repeat(padding + (i == 0 ? rest : 0)) + "event " + sent.get(i))).toList();
        String body = batch(events);

        assertEquals(MAX_BODY_BYTES, body.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(sent, acceptedEventIds(api.postBatch(body)));
    }

    @Test
    void whileTheBrokerRefusesMessagesTheBatchIsAnswered503WithItsIdsAndResendingItStoresEachEventOnce() {
        List<UUID> sent = Stream.generate(UUID::randomUUID).limit(10).toList();
        String body = batchOf(sent.toArray(UUID[]::new));
        HttpResponse<String> refused;
        broker.rejectPublishes();
        try {
            // The policy reaches the queue a moment after it is set.
            Eventually.within(Duration.ofSeconds(10), () -> api.post(welcome(UUID.randomUUID())), r -> r.statusCode() == 503);
            refused = api.postBatch(body);
        } finally {
            broker.acceptPublishes();
        }

        assertRefused(refused, 503, "[0]");
        assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
        assertEquals(sent, eventIds(refused), "every id of the batch, in order, to send it again under");
        assertTrue(json(refused).getString("message").contains("may be partly accepted"), refused.body());
        assertEquals(sent.size(), json(refused).getJsonArray("errors").size(), "each event is named: " + refused.body());

        HttpResponse<String> resent = Eventually.within(Duration.ofSeconds(15), () -> api.postBatch(body), r -> r.statusCode() == 202);
        assertEquals(sent, acceptedEventIds(resent));
        sent.forEach(id -> assertEquals(1, settledRows(id).size(), "one row for " + id));
    }

    @Test
    void theSameBatchSentTwiceWithTheSameIdempotencyKeyGetsTheSameIdsAndIsStoredOnce() {
        String key = "digest-" + UUID.randomUUID();
        String body = batch(List.of(event(null, "first"), event(null, "second"), event(null, "third")));

        List<UUID> first = acceptedEventIds(api.postBatch(body, "Idempotency-Key", key));
        List<UUID> second = acceptedEventIds(api.postBatch(body, "Idempotency-Key", key));

        assertEquals(first, second);
        assertEquals(3, new HashSet<>(first).size(), "each event its own id: " + first);
        assertEquals(6, published.takeMessageIds().size(), "both were published: the consumer dropped the copies");
        first.forEach(id -> assertEquals(1, settledRows(id).size(), "one row for " + id));
        assertEquals("second", database.rowsOf(first.get(1)).get(0).message());
    }

    @Test
    void theSameBatchSentTwiceWithoutAKeyOrEventIdsIsStoredTwice() {
        // What the Idempotency-Key is for: without it, nothing tells the API that the second batch is the first again.
        String body = batch(List.of(event(null, "first")));

        UUID first = acceptedEventIds(api.postBatch(body)).get(0);
        UUID second = acceptedEventIds(api.postBatch(body)).get(0);

        assertNotEquals(first, second);
        database.awaitStored(first, Duration.ofSeconds(10));
        database.awaitStored(second, Duration.ofSeconds(10));
    }

    @Test
    void anEventIdAcceptedAloneIsStoredOnceWhenItComesAgainInABatch() {
        UUID eventId = UUID.randomUUID();
        assertEquals(eventId, acceptedEventId(api.post(welcome(eventId))));

        assertEquals(List.of(eventId), acceptedEventIds(api.postBatch(batchOf(eventId))));

        assertEquals(1, settledRows(eventId).size());
    }

    @Test
    void aBadIdempotencyKeyRefusesTheBatchWith400() {
        assertRefused(api.postBatch(batchOf(UUID.randomUUID()), "Idempotency-Key", "k".repeat(256)), 400, "Idempotency-Key");
        assertNothingPublished(List.of());
    }

    // --- helpers ---

    private static void assertRefused(HttpResponse<String> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonObject body = json(response);
        assertFalse(body.getString("message").isBlank(), "a human-readable message");
        if (field != null) {
            assertTrue(body.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                    .anyMatch(error -> error.getString("field").equals(field)), "an error for " + field + " in " + body);
        }
    }

    /**
     * The rows of an event once everything published before now has been consumed: a marker event sent after it
     * is stored, and the queue is first in, first out.
     */
    private List<StoredEvent> settledRows(UUID eventId) {
        database.awaitStored(acceptedEventId(api.post(welcome(null))), Duration.ofSeconds(10));
        return database.rowsOf(eventId);
    }

    /** Nothing reached the exchange since the test began, and none of these events was stored. */
    private void assertNothingPublished(List<UUID> eventIds) {
        assertEquals(List.of(), published.takeMessageIds(), "published since the test began");
        settledRows(UUID.randomUUID());
        eventIds.forEach(eventId -> assertEquals(List.of(), database.rowsOf(eventId), "nothing stored for " + eventId));
    }
}
