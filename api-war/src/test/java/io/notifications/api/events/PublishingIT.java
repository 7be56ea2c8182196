package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static io.notifications.api.system.SampleEvents.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SampleEvents;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The front door, on Payara Micro against the real RabbitMQ and PostgreSQL: what gets a 202 is stored exactly once;
 * what is refused gets a JSON 4xx and never reaches the queue.
 */
class PublishingIT extends OnPayaraMicro {

    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5); // rabbitmq.confirm-timeout-ms

    @Test
    void theOriginalDesignsExampleIsAcceptedAndStoredWithAllFieldsWithinTwoSeconds() {
        Instant before = Instant.now();
        HttpResponse<String> response = api.post("""
                {"user_id": "550e8400-e29b-41d4-a716-446655440000", "event_type": "user_registered",
                 "message": "Welcome!", "payload": {"email": "test@example.com"}}""");

        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals("Event published successfully", body.getString("message"));
        UUID eventId = UUID.fromString(body.getString("event_id"));
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith("/api/events/" + eventId));

        StoredEvent row = database.awaitStored(eventId, Duration.ofSeconds(2));
        assertEquals(UUID.fromString(SampleEvents.USER), row.userId());
        assertEquals("user_registered", row.eventType());
        assertEquals("Welcome!", row.message());
        assertEquals("{\"email\": \"test@example.com\"}", row.payload());
        assertEquals("PROCESSED", row.status());
        assertTrue(!row.createdAt().toInstant().isBefore(before.minusSeconds(1)), "created_at is the time of acceptance");
        assertTrue(!row.processedAt().isBefore(row.createdAt()), "processed_at is the commit, after acceptance");
    }

    @Test
    void anEventWithoutPayloadIsStoredWithANullPayload() {
        UUID eventId = acceptedEventId(api.post(welcome(UUID.randomUUID()).replace(", \"payload\": {\"n\": 1}", "")));

        assertEquals(null, database.awaitStored(eventId, Duration.ofSeconds(5)).payload());
    }

    @Test
    void theClientsEventIdIsKeptAndAResentEventIsStoredOnce() {
        UUID eventId = UUID.randomUUID();

        assertEquals(eventId, acceptedEventId(api.post(welcome(eventId))));
        assertEquals(eventId, acceptedEventId(api.post(welcome(eventId))));

        database.awaitStored(eventId, Duration.ofSeconds(5));
        assertEquals(1, settledRows(eventId).size());
    }

    @Test
    void aRepeatedIdempotencyKeyMapsToOneEventIdAndOneRow() {
        String key = "order-4711-confirmation-" + UUID.randomUUID();
        String body = welcome(null);

        UUID first = acceptedEventId(api.post(body, "Idempotency-Key", key));
        UUID second = acceptedEventId(api.post(body, "Idempotency-Key", key));

        assertEquals(first, second);
        database.awaitStored(first, Duration.ofSeconds(5));
        assertEquals(1, settledRows(first).size());
    }

    @Test
    void aUuidIdempotencyKeyIsTheEventIdItself() {
        UUID key = UUID.randomUUID();

        assertEquals(key, acceptedEventId(api.post(welcome(null), "Idempotency-Key", key.toString())));
    }

    @Test
    void anIdempotencyKeyThatContradictsTheBodysEventIdIsRefused() {
        UUID eventId = UUID.randomUUID();

        HttpResponse<String> response = api.post(welcome(eventId), "Idempotency-Key", UUID.randomUUID().toString());

        assertRefused(response, 400, "Idempotency-Key");
        assertNothingPublished(List.of(eventId));
    }

    static Stream<Arguments> invalidBodies() {
        String valid = welcome(null);
        return Stream.of(
                Arguments.of("missing user_id", valid.replace("\"user_id\": \"" + SampleEvents.USER + "\", ", ""), "user_id"),
                Arguments.of("user_id not a UUID", valid.replace(SampleEvents.USER, "550e8400"), "user_id"),
                Arguments.of("user_id a number", valid.replace("\"" + SampleEvents.USER + "\"", "42"), "user_id"),
                Arguments.of("blank event_type", valid.replace("\"user_registered\"", "\"  \""), "event_type"),
                Arguments.of("event_type over 100 characters", valid.replace("user_registered", "e".repeat(101)), "event_type"),
                Arguments.of("event_type an array", valid.replace("\"user_registered\"", "[\"a\"]"), "event_type"),
                Arguments.of("missing message", valid.replace("\"message\": \"Welcome!\", ", ""), "message"),
                Arguments.of("empty message", valid.replace("Welcome!", ""), "message"),
                Arguments.of("payload an array", valid.replace("{\"n\": 1}", "[1, 2]"), "payload"),
                Arguments.of("payload a string", valid.replace("{\"n\": 1}", "\"{}\""), "payload"),
                Arguments.of("event_id not a UUID", valid.replace("{", "{\"event_id\": \"abc\", "), "event_id"),
                Arguments.of("NUL character", valid.replace("Welcome!", "Wel\\u0000come"), null),
                Arguments.of("unpaired surrogate", valid.replace("Welcome!", "\\ud800"), null),
                Arguments.of("number out of range", valid.replace("{\"n\": 1}", "{\"n\": 1e999999}"), null),
                Arguments.of("duplicate key", valid.replace("{", "{\"message\": \"first\", "), null),
                Arguments.of("malformed JSON", valid.substring(0, valid.length() - 1), null),
                Arguments.of("trailing garbage", valid + " {}", null),
                Arguments.of("empty body", "", null),
                Arguments.of("top-level array", "[" + valid + "]", null),
                Arguments.of("top-level string", "\"event\"", null),
                Arguments.of("absurd nesting", valid.replace("{\"n\": 1}", "{\"n\": " + "[".repeat(5000) + "]".repeat(5000) + "}"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void anInvalidBodyIsRefusedWith400AndNothingIsPublished(String problem, String body, String field) {
        long rowsBefore = settledRowCount();

        HttpResponse<String> response = api.post(body);

        assertRefused(response, 400, field);
        assertNothingPublishedSince(rowsBefore);
    }

    @Test
    void invalidUtf8IsRefusedWith400() {
        String json = welcome(null).replace("Welcome!", "Welcome#");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        body[json.indexOf('#')] = (byte) 0xC3; // starts a two-byte sequence that the next byte cannot continue

        assertRefused(api.post(body, "Content-Type", "application/json"), 400, null);
    }

    @Test
    void aBodyThatIsNotDeclaredAsJsonIsRefusedWith415() {
        long rowsBefore = settledRowCount();

        assertRefused(api.post(welcome(null).getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain"), 415, null);
        assertRefused(api.post(welcome(null).getBytes(StandardCharsets.UTF_8)), 415, null);
        assertNothingPublishedSince(rowsBefore);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
        String padded = welcome(null).replace("Welcome!", "x".repeat(64 * 1024));
        byte[] bytes = padded.getBytes(StandardCharsets.UTF_8);

        assertRefused(api.post(padded), 413, null);
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        assertRefused(api.post(chunked, "Content-Type", "application/json"), 413, null);
    }

    @Test
    void aBodyJustUnderTheLimitIsAccepted() {
        String template = welcome(UUID.randomUUID());
        String body = template.replace("Welcome!", "x".repeat(64 * 1024 - template.length() + "Welcome!".length()));

        assertEquals(64 * 1024, body.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(202, api.post(body).statusCode());
    }

    @Test
    void anEventNoQueueWouldTakeIsRefusedWith503AndNotConfirmedAsAccepted() {
        UUID eventId = UUID.randomUUID();
        broker.unbindQueue();
        HttpResponse<String> response;
        try {
            response = api.post(welcome(eventId));
        } finally {
            broker.bindQueue();
        }

        assertRefused(response, 503, null);
        assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
        assertNothingPublished(List.of(eventId));
    }

    @Test
    void whileTheBrokerBlocksPublishersTheApiAnswers503AndAcceptsAgainAfterwards() {
        UUID refused = UUID.randomUUID();
        broker.blockPublishers();
        HttpResponse<String> response;
        try {
            response = api.post(welcome(refused));
        } finally {
            broker.unblockPublishers();
        }

        assertRefused(response, 503, null);
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        UUID later = UUID.randomUUID();
        HttpResponse<String> retried = Eventually.within(Duration.ofSeconds(15), () -> api.post(welcome(later)), r -> r.statusCode() == 202);
        assertEquals(202, retried.statusCode(), retried.body());
        database.awaitStored(later, Duration.ofSeconds(5));
    }

    @Test
    void aConfirmThatNeverComesIsAnswered503AfterTheTimeoutWhileManyRequestsWaitAtOnce() {
        // More requests than Payara has HTTP threads (200): if each held a thread while it waited, they would be
        // answered in three waves of one timeout each.
        List<String> events = Stream.generate(() -> welcome(UUID.randomUUID())).limit(500).toList();
        broker.suspendQueue();
        Instant start = Instant.now();
        List<HttpResponse<String>> answers;
        try {
            answers = api.postAll(events);
        } finally {
            broker.resumeQueue();
        }
        Duration took = Duration.between(start, Instant.now());

        answers.forEach(answer -> assertRefused(answer, 503, null));
        assertTrue(took.compareTo(CONFIRM_TIMEOUT.multipliedBy(5).dividedBy(2)) < 0, "all answered in one wave, took " + took);
        assertTrue(took.compareTo(CONFIRM_TIMEOUT) >= 0, "answered by the timeout, not before it: took " + took);
        // The channels are not left broken: the next event is accepted and stored.
        UUID later = UUID.randomUUID();
        assertEquals(later, acceptedEventId(api.post(welcome(later))));
        database.awaitStored(later, Duration.ofSeconds(10));
    }

    @Test
    void messagesTheBrokerRefusesAreAnswered503AtOnceAndNoneIsStored() {
        List<UUID> refused = Stream.generate(UUID::randomUUID).limit(100).toList();
        List<HttpResponse<String>> answers;
        Duration took;
        broker.rejectPublishes();
        try {
            // The policy reaches the queue a moment after it is set.
            Eventually.within(Duration.ofSeconds(10), () -> api.post(welcome(UUID.randomUUID())), r -> r.statusCode() == 503);
            Instant start = Instant.now();
            answers = api.postAll(refused.stream().map(SampleEvents::welcome).toList());
            took = Duration.between(start, Instant.now());
        } finally {
            broker.acceptPublishes();
        }

        answers.forEach(answer -> assertRefused(answer, 503, null));
        assertTrue(took.compareTo(CONFIRM_TIMEOUT) < 0, "answered by the negative confirms, not the timeout: took " + took);
        Eventually.within(Duration.ofSeconds(10), () -> api.post(welcome(UUID.randomUUID())), r -> r.statusCode() == 202);
        assertNothingPublished(refused);
    }

    // --- what is not a call of the API: still JSON, never the server's HTML page ---

    @Test
    void withoutKeysConfiguredTheApiIsOpen() {
        HttpResponse<String> response = api.post(welcome(null));

        assertEquals(202, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").isEmpty());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /nope", "DELETE, /nope", "PUT, /nope", "POST, /apj/events", "GET, /WEB-INF/web.xml", "GET, /error",
            "GET, /api/nope", "DELETE, /api/nope", "GET, /api/events/x/y"})
    void anUnknownPathGetsAJson404WhateverTheMethod(String method, String path) {
        HttpResponse<String> response = api.send(method, path);

        assertRefused(response, 404, null);
        assertEquals("Not Found", json(response).getString("message"));
    }

    @ParameterizedTest(name = "{0} /api/events")
    @CsvSource({"DELETE", "PUT", "PATCH"})
    void aMethodTheEventsPathDoesNotTakeGetsAJson405ThatSaysWhichItTakes(String method) {
        HttpResponse<String> response = api.send(method, "/api/events");

        assertRefused(response, 405, null);
        assertEquals("Method Not Allowed", json(response).getString("message"));
        assertTrue(response.headers().firstValue("Allow").orElse("").contains("POST"), response.headers().map().toString());
    }

    @Test
    void optionsNamesTheMethodsWithoutDescribingTheCodeBehindThem() {
        HttpResponse<String> response = api.send("OPTIONS", "/api/events");

        assertTrue(response.headers().firstValue("Allow").orElse("").contains("POST"), response.headers().map().toString());
        assertFalse(response.body().contains("wadl") || response.body().contains("publish"), response.body());
    }

    // --- helpers ---



    private static void assertRefused(HttpResponse<String> response, int status, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonObject body = json(response);
        assertNotNull(body.getString("message"), "a human-readable message");
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
        database.awaitStored(acceptedEventId(api.post(welcome(null))), Duration.ofSeconds(5));
        return database.rowsOf(eventId);
    }

    private void assertNothingPublished(List<UUID> eventIds) {
        settledRows(UUID.randomUUID());
        eventIds.forEach(eventId -> assertEquals(List.of(), database.rowsOf(eventId), "nothing stored for " + eventId));
    }

    private long settledRowCount() {
        settledRows(UUID.randomUUID());
        return database.countRows();
    }

    private void assertNothingPublishedSince(long rowsBefore) {
        assertEquals(rowsBefore + 1, settledRowCount(), "only the marker event was stored");
    }
}
