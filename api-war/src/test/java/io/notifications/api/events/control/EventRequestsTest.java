package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import io.notifications.message.NewEvent;
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

/** A client's request body read into an event, or refused with every field at fault. */
class EventRequestsTest {

    private static final String EVENT_ID = "550e8400-e29b-41d4-a716-446655440000";
    private static final String USER_ID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

    private static ValidatorFactory validation;
    private static EventRequests requests;

    @BeforeAll
    static void createValidator() {
        validation = Validation.buildDefaultValidatorFactory();
        requests = new EventRequests(new EventFields(validation.getValidator()));
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
        return requests.read(body(singleQuoted));
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
            InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> requests.read(bytes("user_id=1")));

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
}
