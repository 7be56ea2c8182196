package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body of the message between the API and the consumer: written, read back, and refused when it is no event. */
class EventMessageTest {

    private static final String EVENT_ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String USER_ID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    private static ValidatorFactory validation;
    private static EventMessage messages;

    @BeforeAll
    static void createValidator() {
        validation = Validation.buildDefaultValidatorFactory();
        messages = new EventMessage(new EventFields(validation.getValidator()));
    }

    @AfterAll
    static void closeValidator() {
        validation.close();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** JSON with single quotes for readability: {'a':1} becomes {"a":1}. */
    private static byte[] body(String singleQuoted) {
        return bytes(singleQuoted.replace('\'', '"'));
    }

    private static List<String> fields(InvalidEventException refusal) {
        return refusal.errors().stream().map(FieldError::field).toList();
    }

    private static FieldError onlyError(InvalidEventException refusal) {
        assertEquals(1, refusal.errors().size(), () -> "expected exactly one error but got " + refusal.errors());
        return refusal.errors().get(0);
    }


    private final Event withPayload = new Event(UUID.fromString(EVENT_ID), UUID.fromString(USER_ID), "order.shipped",
            "Shipped: \"quotes\", \\backslashes\\, newline\n, tab\t, ünïcödé 😀",
            Json.createObjectBuilder()
                    .add("order", 4711)
                    .add("price", Json.createValue(new java.math.BigDecimal("19.90")))
                    .add("tags", Json.createArrayBuilder().add("a").add(JsonObject.NULL).add(true))
                    .add("nested", Json.createObjectBuilder().add("deep", Json.createObjectBuilder().add("x", -1.5e-3)))
                    .build(),
            Instant.parse("2024-05-01T12:34:56.123456Z"));

    @Test
    void aWrittenEventWithPayloadReadsBackEqual() {
        assertEquals(withPayload, messages.read(messages.write(withPayload)));
    }

    @Test
    void aWrittenEventWithoutPayloadReadsBackEqual() {
        Event withoutPayload = new Event(UUID.randomUUID(), UUID.randomUUID(), "t", "m", null, Instant.parse("2024-01-01T00:00:00Z"));

        Event read = messages.read(messages.write(withoutPayload));

        assertEquals(withoutPayload, read);
        assertNull(read.payload());
    }

    @Test
    void theAcceptedTimeKeepsItsMicroseconds() {
        Event read = messages.read(messages.write(withPayload));

        assertEquals(123_456_000, read.acceptedAt().getNano());
        assertTrue(new String(messages.write(withPayload), StandardCharsets.UTF_8).contains("\"accepted_at\":\"2024-05-01T12:34:56.123456Z\""));
    }

    @Test
    void theWrittenFieldNamesAreTheWireContract() {
        JsonObject written = Json.createReader(new java.io.ByteArrayInputStream(messages.write(withPayload))).readObject();

        assertEquals(Set.of("event_id", "user_id", "event_type", "message", "payload", "accepted_at"), written.keySet());
        assertEquals(EVENT_ID, written.getString("event_id"));
        assertEquals(USER_ID, written.getString("user_id"));
    }

    @Test
    void aMessageWithoutEventIdIsRefused() {
        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> messages.read(body(
                "{'user_id':'" + USER_ID + "','event_type':'t','message':'m','accepted_at':'2024-05-01T12:34:56Z'}")));

        assertEquals(new FieldError("event_id", "is required"), onlyError(refusal));
        assertEquals("Invalid event message", refusal.getMessage());
    }

    @Test
    void aMessageWithAMalformedEventIdIsReportedOnceForThatField() {
        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> messages.read(body(
                "{'event_id':'nope','user_id':'" + USER_ID + "','event_type':'t','message':'m','accepted_at':'2024-05-01T12:34:56Z'}")));

        assertEquals("event_id", onlyError(refusal).field());
    }

    @ParameterizedTest(name = "accepted_at {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                                      | is required
            ,'accepted_at':null       | is required
            ,'accepted_at':1714566896 | must be a string
            ,'accepted_at':'yesterday' | must be an ISO-8601 instant
            ,'accepted_at':'2024-05-01 12:34:56' | must be an ISO-8601 instant
            """)
    void aMessageNeedsAValidAcceptedTime(String acceptedAt, String message) {
        String text = "{'event_id':'" + EVENT_ID + "','user_id':'" + USER_ID + "','event_type':'t','message':'m'"
                + (acceptedAt == null ? "" : acceptedAt) + "}";

        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> messages.read(body(text)));

        assertEquals(new FieldError("accepted_at", message), onlyError(refusal));
    }

    @Test
    void aMessageIsValidatedLikeARequest() {
        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> messages.read(body(
                "{'event_id':'" + EVENT_ID + "','event_type':'" + "e".repeat(101) + "','message':'','accepted_at':'2024-05-01T12:34:56Z'}")));

        assertEquals(List.of("event_type", "message", "user_id"), fields(refusal));
    }
}
