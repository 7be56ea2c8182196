package io.notifications.api.deadletters.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import io.notifications.api.deadletters.entity.DeadLetter;
import io.notifications.message.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ParkedMessageTest {

    private static final UUID EVENT_ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final Instant ACCEPTED = Instant.parse("2026-11-26T10:15:30Z");
    private static final Function<byte[], UUID> NOT_AN_EVENT = body -> null;

    /** As the consumer parks a message: the API's properties, headers as RabbitMQ delivers them (strings as LongString). */
    private static AMQP.BasicProperties parked(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder()
                .messageId(EVENT_ID.toString())
                .contentType(Topology.CONTENT_TYPE)
                .deliveryMode(2)
                .timestamp(Date.from(ACCEPTED))
                .headers(headers)
                .build();
    }

    private static Map<String, Object> parkingHeaders(Object attempts) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(Topology.PARKED_REASON_HEADER, LongStringHelper.asLongString("database refused the event: value too long"));
        headers.put(Topology.FIRST_FAILED_AT_HEADER, LongStringHelper.asLongString("2026-11-26T10:15:31.456Z"));
        headers.put(Topology.PARKED_AT_HEADER, LongStringHelper.asLongString("2026-11-26T10:16:00.123Z"));
        if (attempts != null) {
            headers.put(Topology.ATTEMPTS_HEADER, attempts);
        }
        return headers;
    }

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aParkedEventShowsItsIdsReasonAttemptsTimesAndBody() {
        DeadLetter letter = ParkedMessage.describe(parked(parkingHeaders(3)), body("{\"event_id\": \"...\"}"), body -> EVENT_ID);

        assertEquals(new DeadLetter(EVENT_ID.toString(), EVENT_ID, "database refused the event: value too long", 3,
                "2026-11-26T10:15:31.456Z", "2026-11-26T10:16:00.123Z", null, ACCEPTED, 19, "{\"event_id\": \"...\"}", true, false), letter);
    }

    @Test
    void theEventIdIsWhatTheBodyGivesNotTheMessageId() {
        DeadLetter letter = ParkedMessage.describe(parked(parkingHeaders(null)), body("not JSON"), NOT_AN_EVENT);

        assertEquals(EVENT_ID.toString(), letter.messageId());
        assertNull(letter.eventId());
    }

    @Test
    void attemptsAreZeroWhenAbsent() {
        assertEquals(0, ParkedMessage.describe(parked(parkingHeaders(null)), body("x"), NOT_AN_EVENT).attempts());
    }

    @Test
    void attemptsAreReadFromAnyNumberTypeOrNumericText() {
        for (Object attempts : List.of(5, 5L, (short) 5, (byte) 5, LongStringHelper.asLongString("5"), "5")) {
            assertEquals(5, ParkedMessage.describe(parked(parkingHeaders(attempts)), body("x"), NOT_AN_EVENT).attempts(),
                    attempts.getClass().getSimpleName());
        }
        assertEquals(0, ParkedMessage.describe(parked(parkingHeaders("many")), body("x"), NOT_AN_EVENT).attempts());
    }

    @Test
    void aMessageWithoutHeadersOrPropertiesHasNullsNotFailures() {
        DeadLetter letter = ParkedMessage.describe(new AMQP.BasicProperties(), new byte[] {(byte) 0xFF}, NOT_AN_EVENT);

        assertEquals(new DeadLetter(null, null, null, 0, null, null, null, null, 1, null, false, false), letter);
    }

    @Test
    void aLargeBodyIsShownTruncatedWithItsFullSize() {
        String large = "{\"message\": \"" + "x".repeat(10_000) + "\"}";

        DeadLetter letter = ParkedMessage.describe(parked(parkingHeaders(null)), body(large), NOT_AN_EVENT);

        assertEquals(large.length(), letter.bodyBytes());
        assertTrue(letter.bodyTruncated());
        assertEquals(large.substring(0, BodyPreview.MAX_BYTES), letter.body());
    }

    @Test
    void aReplayKeepsTheMessageButDropsItsFailureHistoryAndRecordsTheReplay() {
        Map<String, Object> headers = parkingHeaders(4);
        headers.put("x-death", List.of(Map.of("count", 1L, "queue", LongStringHelper.asLongString("notification_events.retry.1000ms"))));
        headers.put("x-first-death-queue", LongStringHelper.asLongString("notification_events.retry.1000ms"));
        headers.put("x-last-death-reason", LongStringHelper.asLongString("expired"));
        headers.put("x-delivery-count", 2L);
        headers.put(Topology.REPLAYED_AT_HEADER, LongStringHelper.asLongString("2026-01-01T00:00:00Z"));
        headers.put("x-trace-id", LongStringHelper.asLongString("abc"));
        AMQP.BasicProperties parked = parked(headers).builder().expiration("60000").deliveryMode(1).build();
        Map<String, Object> parkedHeaders = Map.copyOf(parked.getHeaders());
        Instant now = Instant.parse("2026-11-26T11:00:00.000001Z");

        AMQP.BasicProperties replay = ParkedMessage.forReplay(parked, now);

        assertEquals(Map.of(Topology.REPLAYED_AT_HEADER, "2026-11-26T11:00:00.000001Z",
                "x-trace-id", LongStringHelper.asLongString("abc")), replay.getHeaders());
        assertEquals(EVENT_ID.toString(), replay.getMessageId());
        assertEquals(Topology.CONTENT_TYPE, replay.getContentType());
        assertEquals(Date.from(ACCEPTED), replay.getTimestamp(), "still the time the API accepted the event");
        assertEquals(2, replay.getDeliveryMode(), "persistent");
        assertNull(replay.getExpiration(), "a replayed message does not expire on its way");
        assertEquals(parkedHeaders, parked.getHeaders(), "the parked message's headers are left alone");
    }

    @Test
    void aReplayOfAMessageWithoutHeadersGetsOnlyTheReplayTime() {
        AMQP.BasicProperties replay = ParkedMessage.forReplay(new AMQP.BasicProperties(), Instant.parse("2026-11-26T11:00:00Z"));

        assertEquals(Map.of(Topology.REPLAYED_AT_HEADER, "2026-11-26T11:00:00Z"), replay.getHeaders());
        assertEquals(2, replay.getDeliveryMode());
    }

    @Test
    void failureHeadersAreTheConsumersAndTheBrokersDeadLetteringHistory() {
        for (String name : List.of(Topology.PARKED_REASON_HEADER, Topology.PARKED_AT_HEADER, Topology.ATTEMPTS_HEADER,
                Topology.FIRST_FAILED_AT_HEADER, "x-death", "x-first-death-exchange", "x-last-death-queue", "x-delivery-count")) {
            assertTrue(ParkedMessage.isFailureHeader(name), name);
        }
        for (String name : List.of(Topology.REPLAYED_AT_HEADER, "x-trace-id", "x-deaths-door")) {
            assertFalse(ParkedMessage.isFailureHeader(name), name);
        }
    }
}
