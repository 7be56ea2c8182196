package io.notifications.api.deadletters;

import static io.notifications.api.system.SampleEvents.welcome;
import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter admin endpoints, on Payara Micro against the real RabbitMQ and PostgreSQL: parked messages are
 * listed without being lost or reordered, a replayed event goes through the consumer again and is stored once, a
 * discarded message is gone, and what cannot be found or done is said in JSON.
 *
 * <p>The tests share the dead-letter queue, and the consumer may park again what one of them replays; so each looks
 * only at the messages it parked itself, by their message ids.
 */
class DeadLettersIT extends OnPayaraMicro {

    private static final String DEAD_LETTERS = "/api/admin/dead-letters";
    private static final Duration STORED_WITHIN = Duration.ofSeconds(10);

    @Test
    void aParkedMessageIsListedWithItsReasonAndStaysParked() {
        String messageId = "not-json-" + UUID.randomUUID();
        broker.parkRaw(messageId, utf8("this is not JSON"), "Body must be a JSON object");
        long parkedBefore = broker.messagesParked();

        JsonObject listing = listing();

        JsonObject letter = find(listing, messageId).orElseThrow(() -> new AssertionError("not listed: " + listing));
        assertEquals("Body must be a JSON object", letter.getString("reason"));
        assertEquals(JsonValue.NULL, letter.get("event_id"), "the body is not an event");
        assertEquals(0, letter.getInt("attempts"), "no x-attempts header");
        assertTrue(Instant.parse(letter.getString("parked_at")).isAfter(Instant.now().minusSeconds(60)));
        assertEquals("this is not JSON", letter.getString("body"));
        assertEquals(16, letter.getInt("body_bytes"));
        assertTrue(letter.getBoolean("body_utf8"));
        assertFalse(letter.getBoolean("body_truncated"));
        long total = listing.getJsonNumber("total").longValue();
        assertTrue(total >= parkedBefore && total >= listing.getInt("listed"), listing.toString());
        // RabbitMQ answers a count ahead of requeues it has yet to handle: give it a moment to count the listed ones.
        long parkedAfter = Eventually.within(Duration.ofSeconds(5), broker::messagesParked, parked -> parked >= total);
        assertTrue(parkedAfter >= total, "the listed ones are back in the queue: " + parkedAfter + " < " + total);
    }

    @Test
    void listingTwiceShowsTheSameMessagesOldestFirst() {
        List<String> ours = List.of("first-" + UUID.randomUUID(), "second-" + UUID.randomUUID(), "third-" + UUID.randomUUID());
        ours.forEach(id -> broker.parkRaw(id, utf8("{\"n\": \"" + id + "\"}"), "test"));

        List<JsonObject> once = ourLetters(listing(), ours);
        List<JsonObject> twice = ourLetters(listing(), ours);

        assertEquals(ours, once.stream().map(letter -> letter.getString("message_id")).toList(), "all listed, oldest first");
        assertEquals(once, twice, "listing took nothing away and changed no order");
    }

    @Test
    void aListingShowsAtMostItsLimitAndTheTotal() {
        for (int i = 0; i < 3; i++) {
            broker.parkRaw("limited-" + UUID.randomUUID(), utf8("{}"), "test");
        }

        JsonObject listing = json(api.get(DEAD_LETTERS + "?limit=2"));

        assertEquals(2, listing.getInt("listed"));
        assertEquals(2, listing.getJsonArray("dead_letters").size());
        assertTrue(listing.getInt("total") >= 3, listing.toString());
    }

    @Test
    void bodiesAreShownAsTextOnlyWhenUtf8AndCutAfterFourKiB() {
        String large = "large-" + UUID.randomUUID();
        String binary = "binary-" + UUID.randomUUID();
        broker.parkRaw(large, utf8("x".repeat(10_000)), "test");
        broker.parkRaw(binary, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, "test");

        JsonObject listing = listing();

        JsonObject largeLetter = find(listing, large).orElseThrow();
        assertEquals(10_000, largeLetter.getInt("body_bytes"));
        assertTrue(largeLetter.getBoolean("body_truncated"));
        assertEquals("x".repeat(4096), largeLetter.getString("body"));
        JsonObject binaryLetter = find(listing, binary).orElseThrow();
        assertFalse(binaryLetter.getBoolean("body_utf8"));
        assertEquals(JsonValue.NULL, binaryLetter.get("body"));
        assertEquals(4, binaryLetter.getInt("body_bytes"));
    }

    @Test
    void aReplayedEventIsStoredOnceAndLeavesTheDeadLetterQueue() {
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "database refused the event: a test", 3);
        assertEquals(eventId.toString(), find(listing(), eventId.toString()).orElseThrow().getString("event_id"),
                "a valid event message shows its event id");
        assertEquals(List.of(), database.rowsOf(eventId), "parked, not stored");

        HttpResponse<String> replayed = api.postEmpty(replayPath(eventId.toString()));

        assertEquals(200, replayed.statusCode(), replayed.body());
        JsonObject letter = json(replayed).getJsonObject("dead_letter");
        assertEquals(eventId.toString(), letter.getString("event_id"));
        assertEquals("database refused the event: a test", letter.getString("reason"));
        assertEquals(3, letter.getInt("attempts"));
        database.awaitStored(eventId, STORED_WITHIN);
        assertEquals(Optional.empty(), find(listing(), eventId.toString()), "no longer parked");

        HttpResponse<String> again = api.postEmpty(replayPath(eventId.toString()));

        assertEquals(404, again.statusCode(), again.body());
        assertTrue(json(again).getString("message").contains(eventId.toString()), again.body());
        everythingPublishedSoFarIsConsumed();
        assertEquals(1, database.rowsOf(eventId).size());
    }

    @Test
    void anEventParkedTwiceAndReplayedTwiceIsStoredOnce() {
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "test");
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "test");

        assertEquals(200, api.postEmpty(replayPath(eventId.toString())).statusCode());
        assertEquals(200, api.postEmpty(replayPath(eventId.toString())).statusCode(), "the second copy");
        assertEquals(404, api.postEmpty(replayPath(eventId.toString())).statusCode());

        database.awaitStored(eventId, STORED_WITHIN);
        everythingPublishedSoFarIsConsumed();
        assertEquals(1, database.rowsOf(eventId).size());
    }

    @Test
    void aReplayedMessageThatIsStillBadIsParkedAgainAfreshWithTheTimeOfTheReplay() {
        String messageId = "still-bad-" + UUID.randomUUID();
        broker.parkRaw(messageId, utf8("still not JSON"), "an old reason", 4);
        String parkedAt = find(listing(), messageId).orElseThrow().getString("parked_at");

        assertEquals(200, api.postEmpty(replayPath(messageId)).statusCode());

        JsonObject again = Eventually.within(STORED_WITHIN, () -> find(listing(), messageId), Optional::isPresent)
                .orElseThrow(() -> new AssertionError("not parked again"));
        assertTrue(again.getString("reason").contains("must be a JSON object"), "the consumer's own reason: " + again);
        assertEquals(0, again.getInt("attempts"), "the old attempts were dropped, so it got a fresh set");
        assertNotEquals(parkedAt, again.getString("parked_at"));
        Instant replayedAt = Instant.parse(again.getString("replayed_at"));
        assertTrue(replayedAt.isAfter(Instant.parse(parkedAt)), again.toString());
        assertEquals(200, api.delete(DEAD_LETTERS + "/" + messageId).statusCode());
    }

    @Test
    void replayingTheOldestReplaysUpToTheLimitAndSaysHowMany() {
        List<UUID> events = List.of(UUID.randomUUID(), UUID.randomUUID());
        events.forEach(eventId -> broker.parkRaw(eventId.toString(), eventMessage(eventId), "test"));

        HttpResponse<String> one = api.postEmpty(DEAD_LETTERS + "/replay?limit=1");

        assertEquals(200, one.statusCode(), one.body());
        assertEquals(1, json(one).getInt("replayed"));
        assertTrue(json(one).getInt("remaining") >= 1, one.body());

        HttpResponse<String> all = api.postEmpty(DEAD_LETTERS + "/replay?limit=500");

        assertEquals(200, all.statusCode(), all.body());
        assertTrue(json(all).getInt("replayed") >= 1, all.body());
        events.forEach(eventId -> database.awaitStored(eventId, STORED_WITHIN));
        JsonObject listing = listing();
        events.forEach(eventId -> assertEquals(Optional.empty(), find(listing, eventId.toString())));
    }

    @Test
    void discardingRemovesTheMessageForGood() {
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "test");

        HttpResponse<String> discarded = api.delete(DEAD_LETTERS + "/" + eventId);

        assertEquals(200, discarded.statusCode(), discarded.body());
        assertEquals(eventId.toString(), json(discarded).getJsonObject("dead_letter").getString("event_id"));
        assertEquals(Optional.empty(), find(listing(), eventId.toString()));
        assertEquals(404, api.delete(DEAD_LETTERS + "/" + eventId).statusCode());
        assertEquals(404, api.postEmpty(replayPath(eventId.toString())).statusCode());
        everythingPublishedSoFarIsConsumed();
        assertEquals(List.of(), database.rowsOf(eventId), "never stored");
    }

    @Test
    void anUnknownMessageIdIs404InJson() {
        String unknown = "unknown-" + UUID.randomUUID();

        for (HttpResponse<String> response : List.of(api.postEmpty(replayPath(unknown)), api.delete(DEAD_LETTERS + "/" + unknown))) {
            assertEquals(404, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(json(response).getString("message").contains(unknown), response.body());
        }
    }

    @Test
    void aLimitOutsideOneToFiveHundredIs400InJson() {
        for (String limit : List.of("0", "501", "ten")) {
            HttpResponse<String> response = api.get(DEAD_LETTERS + "?limit=" + limit);

            assertEquals(400, response.statusCode(), limit + ": " + response.body());
            assertEquals("limit must be a whole number from 1 to 500", json(response).getString("message"));
            assertEquals("limit", json(response).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
    }

    @Test
    void whenRabbitMqCannotTakeTheReplayItAnswers503AndTheMessageStaysParked() {
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "test");
        broker.unbindQueue(); // the replayed message would reach no queue: RabbitMQ returns it
        HttpResponse<String> refused;
        try {
            refused = api.postEmpty(replayPath(eventId.toString()));
        } finally {
            broker.bindQueue();
        }

        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
        assertTrue(json(refused).getString("message").contains("stays parked"), refused.body());
        assertTrue(find(listing(), eventId.toString()).isPresent(), "still parked");

        assertEquals(200, api.postEmpty(replayPath(eventId.toString())).statusCode());
        database.awaitStored(eventId, STORED_WITHIN);
    }

    // --- helpers ---

    private JsonObject listing() {
        HttpResponse<String> response = api.get(DEAD_LETTERS + "?limit=500");
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static Optional<JsonObject> find(JsonObject listing, String messageId) {
        return letters(listing).stream().filter(letter -> messageId.equals(letter.getString("message_id", null))).findFirst();
    }

    private static List<JsonObject> ourLetters(JsonObject listing, List<String> ours) {
        return letters(listing).stream().filter(letter -> ours.contains(letter.getString("message_id", null))).toList();
    }

    private static List<JsonObject> letters(JsonObject listing) {
        return listing.getJsonArray("dead_letters").getValuesAs(JsonObject.class);
    }

    private static String replayPath(String messageId) {
        return DEAD_LETTERS + "/" + messageId + "/replay";
    }

    /** The consumer reads in order: once an event accepted now is stored, every message published before it was handled. */
    private void everythingPublishedSoFarIsConsumed() {
        database.awaitStored(acceptedEventId(api.post(welcome(null))), STORED_WITHIN);
    }

    /** A valid event message, as the API writes it. */
    private static byte[] eventMessage(UUID eventId) {
        return utf8("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"user_registered\", \"message\": \"Welcome back!\", "
                + "\"accepted_at\": \"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
