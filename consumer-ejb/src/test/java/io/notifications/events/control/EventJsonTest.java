package io.notifications.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.events.entity.Event;
import io.notifications.events.entity.FieldError;
import io.notifications.events.entity.InvalidEventException;
import io.notifications.events.entity.NewEvent;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonTest {

    private static final String EVENT_ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String USER_ID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    private static ValidatorFactory validation;
    private static EventJson json;

    @BeforeAll
    static void createValidator() {
        validation = Validation.buildDefaultValidatorFactory();
        json = new EventJson(validation.getValidator());
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

    private static NewEvent request(String singleQuoted) {
        return json.readRequest(body(singleQuoted));
    }

    private static InvalidEventException refusedRequest(String singleQuoted) {
        return assertThrows(InvalidEventException.class, () -> request(singleQuoted));
    }

    private static List<String> fields(InvalidEventException refusal) {
        return refusal.errors().stream().map(FieldError::field).toList();
    }

    private static FieldError onlyError(InvalidEventException refusal) {
        assertEquals(1, refusal.errors().size(), () -> "expected exactly one error but got " + refusal.errors());
        return refusal.errors().get(0);
    }

    @Nested
    class ReadingARequest {

        @Test
        void aValidBodyGivesEveryField() {
            NewEvent event = request("{'event_id':'" + EVENT_ID + "','user_id':'" + USER_ID + "','event_type':'order.shipped',"
                    + "'message':'Your order has shipped','payload':{'order':4711,'items':['book']}}");

            assertEquals(UUID.fromString(EVENT_ID), event.eventId());
            assertEquals(UUID.fromString(USER_ID), event.userId());
            assertEquals("order.shipped", event.eventType());
            assertEquals("Your order has shipped", event.message());
            assertEquals(Json.createObjectBuilder().add("order", 4711).add("items", Json.createArrayBuilder().add("book")).build(),
                    event.payload());
        }

        @Test
        void eventIdAndPayloadAreOptional() {
            NewEvent event = request("{'user_id':'" + USER_ID + "','event_type':'t','message':'m'}");

            assertNull(event.eventId());
            assertNull(event.payload());
            assertEquals(UUID.fromString(USER_ID), event.userId());
        }

        @Test
        void uuidsAreAcceptedInUpperCase() {
            NewEvent event = request("{'event_id':'" + EVENT_ID.toUpperCase() + "','user_id':'" + USER_ID.toUpperCase()
                    + "','event_type':'t','message':'m'}");

            assertEquals(UUID.fromString(EVENT_ID), event.eventId());
            assertEquals(UUID.fromString(USER_ID), event.userId());
        }

        @Test
        void unknownFieldsAreIgnored() {
            NewEvent event = request("{'user_id':'" + USER_ID + "','event_type':'t','message':'m',"
                    + "'priority':'high','accepted_at':42,'extra':{'nested':[1,2]}}");

            assertEquals(new NewEvent(null, UUID.fromString(USER_ID), "t", "m", null), event);
        }

        @Test
        void explicitNullsCountAsAbsent() {
            NewEvent event = request("{'event_id':null,'user_id':'" + USER_ID + "','event_type':'t','message':'m','payload':null}");

            assertNull(event.eventId());
            assertNull(event.payload());
        }

        @Test
        void anExplicitNullForARequiredFieldIsReportedAsMissing() {
            FieldError error = onlyError(refusedRequest("{'user_id':null,'event_type':'t','message':'m'}"));

            assertEquals(new FieldError("user_id", "is required"), error);
        }

        @Test
        void anEventTypeOfExactlyOneHundredCharactersIsAccepted() {
            String hundred = "e".repeat(100);

            assertEquals(hundred, request("{'user_id':'" + USER_ID + "','event_type':'" + hundred + "','message':'m'}").eventType());
        }

        @Test
        void anEventTypeOfOneHundredCharactersCountsCharactersNotBytes() {
            String hundred = "é".repeat(100);

            assertEquals(hundred, request("{'user_id':'" + USER_ID + "','event_type':'" + hundred + "','message':'m'}").eventType());
        }

        @Test
        void anEmptyPayloadObjectIsKept() {
            NewEvent event = request("{'user_id':'" + USER_ID + "','event_type':'t','message':'m','payload':{}}");

            assertEquals(JsonObject.EMPTY_JSON_OBJECT, event.payload());
        }

        @Test
        void aBodyThatIsNotJsonIsRefusedWithoutFieldErrors() {
            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> json.readRequest(bytes("user_id=1")));

            assertTrue(refusal.errors().isEmpty());
        }
    }

    @Nested
    class RefusingARequest {

        private static final String VALID_REST = "'event_type':'t','message':'m'";

        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
                {'event_type':'t','message':'m'}                                   | user_id    | is required
                {'user_id':42,'event_type':'t','message':'m'}                      | user_id    | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'not-a-uuid','event_type':'t','message':'m'}            | user_id    | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'1-2-3-4-5','event_type':'t','message':'m'}             | user_id    | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'550e8400-e29b-41d4-a716-44665544000g','event_type':'t','message':'m'} | user_id | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'550e8400-e29b-41d4-a716-44665544000١','event_type':'t','message':'m'} | user_id | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'550e8400e-29b-41d4-a716-446655440000','event_type':'t','message':'m'} | user_id | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'550e8400-e29b-41d4-a716-4466554400000','event_type':'t','message':'m'} | user_id | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':{},'event_type':'t','message':'m'}                      | user_id    | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'user_id':'USER','message':'m'}                                   | event_type | must not be blank
                {'user_id':'USER','event_type':'','message':'m'}                   | event_type | must not be blank
                {'user_id':'USER','event_type':' \\t ','message':'m'}              | event_type | must not be blank
                {'user_id':'USER','event_type':7,'message':'m'}                    | event_type | must be a string
                {'user_id':'USER','event_type':['t'],'message':'m'}                | event_type | must be a string
                {'user_id':'USER','event_type':'t'}                                | message    | must not be blank
                {'user_id':'USER','event_type':'t','message':'  '}                 | message    | must not be blank
                {'user_id':'USER','event_type':'t','message':true}                 | message    | must be a string
                {'user_id':'USER','event_type':'t','message':'m','payload':[]}     | payload    | must be a JSON object
                {'user_id':'USER','event_type':'t','message':'m','payload':'x'}    | payload    | must be a JSON object
                {'user_id':'USER','event_type':'t','message':'m','payload':3}      | payload    | must be a JSON object
                {'event_id':'abc','user_id':'USER','event_type':'t','message':'m'} | event_id   | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                {'event_id':1,'user_id':'USER','event_type':'t','message':'m'}     | event_id   | must be a UUID such as 550e8400-e29b-41d4-a716-446655440000
                """)
        void eachFieldErrorNamesTheJsonField(String body, String field, String message) {
            InvalidEventException refusal = refusedRequest(body.replace("USER", USER_ID));

            assertEquals(new FieldError(field, message), onlyError(refusal));
            assertEquals("Invalid event", refusal.getMessage());
        }

        @Test
        void anEventTypeOverOneHundredCharactersIsRefused() {
            InvalidEventException refusal = refusedRequest("{'user_id':'" + USER_ID + "','event_type':'" + "e".repeat(101) + "','message':'m'}");

            assertEquals(new FieldError("event_type", "must be at most 100 characters"), onlyError(refusal));
        }

        @Test
        void aFieldBreakingTwoRulesIsReportedOnce() {
            // 101 spaces: both blank and too long
            InvalidEventException refusal = refusedRequest("{'user_id':'" + USER_ID + "','event_type':'" + " ".repeat(101) + "','message':'m'}");

            assertEquals("event_type", onlyError(refusal).field());
        }

        @Test
        void aFieldOfTheWrongTypeIsNotAlsoReportedAsMissing() {
            InvalidEventException refusal = refusedRequest("{'user_id':true,'event_type':false,'message':null}");

            assertEquals(List.of(
                    new FieldError("event_type", "must be a string"),
                    new FieldError("message", "must not be blank"),
                    new FieldError("user_id", "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000")),
                    refusal.errors());
        }

        @Test
        void allFieldErrorsAreReportedTogetherSortedByField() {
            InvalidEventException refusal = refusedRequest("{'user_id':'x','event_id':'y','payload':[],'message':5,'event_type':''}");

            assertEquals(List.of("event_id", "event_type", "message", "payload", "user_id"), fields(refusal));
        }

        @Test
        void anEmptyObjectReportsEveryRequiredField() {
            InvalidEventException refusal = refusedRequest("{}");

            assertEquals(List.of(
                    new FieldError("event_type", "must not be blank"),
                    new FieldError("message", "must not be blank"),
                    new FieldError("user_id", "is required")),
                    refusal.errors());
            assertEquals("Invalid event: event_type must not be blank; message must not be blank; user_id is required",
                    refusal.describe());
        }
    }

    @Nested
    class Messages {

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
            assertEquals(withPayload, json.readMessage(json.write(withPayload)));
        }

        @Test
        void aWrittenEventWithoutPayloadReadsBackEqual() {
            Event withoutPayload = new Event(UUID.randomUUID(), UUID.randomUUID(), "t", "m", null, Instant.parse("2024-01-01T00:00:00Z"));

            Event read = json.readMessage(json.write(withoutPayload));

            assertEquals(withoutPayload, read);
            assertNull(read.payload());
        }

        @Test
        void theAcceptedTimeKeepsItsMicroseconds() {
            Event read = json.readMessage(json.write(withPayload));

            assertEquals(123_456_000, read.acceptedAt().getNano());
            assertTrue(new String(json.write(withPayload), StandardCharsets.UTF_8).contains("\"accepted_at\":\"2024-05-01T12:34:56.123456Z\""));
        }

        @Test
        void theWrittenFieldNamesAreTheWireContract() {
            JsonObject written = Json.createReader(new java.io.ByteArrayInputStream(json.write(withPayload))).readObject();

            assertEquals(Set.of("event_id", "user_id", "event_type", "message", "payload", "accepted_at"), written.keySet());
            assertEquals(EVENT_ID, written.getString("event_id"));
            assertEquals(USER_ID, written.getString("user_id"));
        }

        @Test
        void aMessageWithoutEventIdIsRefused() {
            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> json.readMessage(body(
                    "{'user_id':'" + USER_ID + "','event_type':'t','message':'m','accepted_at':'2024-05-01T12:34:56Z'}")));

            assertEquals(new FieldError("event_id", "is required"), onlyError(refusal));
            assertEquals("Invalid event message", refusal.getMessage());
        }

        @Test
        void aMessageWithAMalformedEventIdIsReportedOnceForThatField() {
            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> json.readMessage(body(
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

            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> json.readMessage(body(text)));

            assertEquals(new FieldError("accepted_at", message), onlyError(refusal));
        }

        @Test
        void aMessageIsValidatedLikeARequest() {
            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> json.readMessage(body(
                    "{'event_id':'" + EVENT_ID + "','event_type':'" + "e".repeat(101) + "','message':'','accepted_at':'2024-05-01T12:34:56Z'}")));

            assertEquals(List.of("event_type", "message", "user_id"), fields(refusal));
        }
    }
}
