package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import io.notifications.message.JsonText;
import io.notifications.message.NewEvent;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a batch of client events: a JSON array whose every element is held to the rules of a single event. */
class EventRequestsBatchTest {

    private static final int MAX_EVENTS = 3;
    private static final int MAX_EVENT_BYTES = 1000;
    private static final String USER_ID = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
    private static final String EVENT_ID = "550e8400-e29b-41d4-a716-446655440000";

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

    /** A valid event, single-quoted for readability, whose message is {@code message}. */
    private static String event(String message) {
        return "{'user_id':'" + USER_ID + "','event_type':'t','message':'" + message + "'}";
    }

    private static List<NewEvent> batch(String singleQuoted) {
        return requests.readBatch(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8), MAX_EVENTS, MAX_EVENT_BYTES);
    }

    private static InvalidEventException refusedBatch(String singleQuoted) {
        return assertThrows(InvalidEventException.class, () -> batch(singleQuoted));
    }

    @Test
    void theEventsAreReadInTheBatchsOrderWithEveryField() {
        List<NewEvent> events = batch("[" + event("first") + ",{'event_id':'" + EVENT_ID + "','user_id':'" + USER_ID
                + "','event_type':'t','message':'second','payload':{'n':2}}]");

        assertEquals(List.of("first", "second"), events.stream().map(NewEvent::message).toList());
        assertEquals(UUID.fromString(EVENT_ID), events.get(1).eventId());
        assertEquals(2, events.get(1).payload().getInt("n"));
    }

    @Test
    void aBatchOfExactlyTheMaximumIsRead() {
        assertEquals(MAX_EVENTS, batch("[" + String.join(",", Collections.nCopies(MAX_EVENTS, event("m"))) + "]").size());
    }

    @Test
    void aBatchOverTheMaximumIsRefusedWithTheCountAndTheLimit() {
        InvalidEventException refusal = refusedBatch("[" + String.join(",", Collections.nCopies(MAX_EVENTS + 1, event("m"))) + "]");

        assertEquals("Batch has 4 events: at most 3 are accepted at once", refusal.getMessage());
    }

    @Test
    void anEmptyBatchIsRefused() {
        assertEquals("Batch is empty: expected 1 to 3 events", refusedBatch("[]").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'user_id':'x'}", "'events'", "42", "null"})
    void aBodyThatIsNotAnArrayIsRefused(String notAnArray) {
        assertTrue(refusedBatch(notAnArray).getMessage().startsWith("Body must be a JSON array of events"));
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertEquals("Body is empty: expected a JSON array of events", refusedBatch("").getMessage());
    }

    @Test
    void eachInvalidEventIsNamedByItsIndexWithTheSameErrorsAsASingleEvent() {
        InvalidEventException refusal = refusedBatch("[" + event("ok") + ",{'event_type':'t','message':'m'},"
                + "{'user_id':'" + USER_ID + "','event_type':' ','message':' '}]");

        assertEquals("Invalid events in the batch: none was published", refusal.getMessage());
        assertEquals(List.of(new FieldError("[1].user_id", "is required"),
                new FieldError("[2].event_type", "must not be blank"),
                new FieldError("[2].message", "must not be blank")), refusal.errors());
    }

    @Test
    void anElementThatIsNotAnObjectIsRefusedAsAWhole() {
        InvalidEventException refusal = refusedBatch("[" + event("ok") + ",[1,2],'text']");

        assertEquals(List.of(new FieldError("[1]", "must be a JSON object, not array"),
                new FieldError("[2]", "must be a JSON object, not string")), refusal.errors());
    }

    @Test
    void textThatCannotBeStoredIsRefusedForItsEvent() {
        InvalidEventException refusal = refusedBatch("[" + event("ok") + "," + event("nul \\u0000 here") + "]");

        assertEquals(1, refusal.errors().size(), refusal.errors()::toString);
        assertEquals("[1]", refusal.errors().get(0).field());
        assertTrue(refusal.errors().get(0).message().contains("NUL"), refusal.errors()::toString);
    }

    @Test
    void eachEventMayNestAsDeepAsASingleEventAndNoDeeper() {
        // A single event may hold 32 levels, itself included; in a batch the array adds one above it.
        String deepest = "{'user_id':'" + USER_ID + "','event_type':'t','message':'m','payload':"
                + "{'a':".repeat(JsonText.MAX_DEPTH - 2) + "{}" + "}".repeat(JsonText.MAX_DEPTH - 2) + "}";
        String tooDeep = deepest.replace("{}", "{'a':{}}");

        assertEquals(1, batch("[" + deepest + "]").size());
        assertEquals(1, requests.read(deepest.replace('\'', '"').getBytes(StandardCharsets.UTF_8)).payload().size());
        assertThrows(InvalidEventException.class, () -> requests.read(tooDeep.replace('\'', '"').getBytes(StandardCharsets.UTF_8)));
        assertTrue(refusedBatch("[" + tooDeep + "]").getMessage().contains("deeper than"));
    }

    @Test
    void anEventLargerThanASingleRequestMayBeIsRefusedByItsIndex() {
        String template = event("");
        String largest = event("x".repeat(MAX_EVENT_BYTES - template.length()));
        String tooLarge = event("x".repeat(MAX_EVENT_BYTES - template.length() + 1));

        assertEquals(2, batch("[" + largest + ",  " + largest + "]").size(), "each event may take the whole limit");
        InvalidEventException refusal = refusedBatch("[" + largest + "," + tooLarge + "]");
        assertEquals(List.of(new FieldError("[1]", "is 1001 bytes as compact JSON: at most 1000 per event, as for a single event")),
                refusal.errors());
    }

    @Test
    void duplicateKeysInAnEventRefuseTheBatch() {
        assertTrue(refusedBatch("[{'message':'a'," + event("b").substring(1) + "]").getMessage().startsWith("Body is not valid JSON"));
    }
}
