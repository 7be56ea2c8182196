package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.ReadMarking;
import io.notifications.message.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body of {@code POST /api/users/{user_id}/events/read}: either 1 to 100 event ids or {@code all: true}, every
 * fault named in one 400, duplicates counted once, unknown fields ignored.
 */
class ReadRequestsTest {

    private static final String USER = "550e8400-e29b-41d4-a716-446655440000";
    private static final UUID A = UUID.fromString("617c2320-1cae-4907-abb7-984198549571");
    private static final UUID B = UUID.fromString("0b9d6a3e-7c41-4f2a-9e5b-2d8f1c6a4e70");

    @Test
    void eventIdsAreTheEventsToMarkAndAnIdGivenTwiceCountsOnce() {
        ReadMarking marking = parse("{\"event_ids\": [\"" + A + "\", \"" + B + "\", \"" + A + "\"], \"note\": \"ignored\"}");

        assertEquals(ReadMarking.of(UUID.fromString(USER), Set.of(A, B)), marking);
        assertEquals(2, marking.eventIds().size());
    }

    @Test
    void allTrueIsEveryUnreadEventOfTheUser() {
        assertEquals(ReadMarking.everything(UUID.fromString(USER)), parse("{\"all\": true}"));
    }

    @Test
    void aNullFieldCountsAsAbsent() {
        assertEquals(ReadMarking.everything(UUID.fromString(USER)), parse("{\"all\": true, \"event_ids\": null}"));
        assertEquals(ReadMarking.of(UUID.fromString(USER), Set.of(A)), parse("{\"all\": null, \"event_ids\": [\"" + A + "\"]}"));
    }

    @Test
    void oneHundredIdsAreAcceptedAndOneHundredAndOneRefused() {
        assertEquals(100, parse("{\"event_ids\": " + ids(100) + "}").eventIds().size());

        assertEquals(List.of(new FieldError("event_ids", "holds 101 event ids: at most 100 at once")),
                refusal("{\"event_ids\": " + ids(101) + "}"));
    }

    @Test
    void neitherFieldIsRefusedNamingEventIds() {
        assertEquals(List.of(new FieldError("event_ids", ReadRequests.NEITHER)), refusal("{}"));
        assertEquals(List.of(new FieldError("event_ids", ReadRequests.NEITHER)), refusal("{\"event_ids\": null, \"all\": null}"));
    }

    @Test
    void bothFieldsAreRefusedNamingAll() {
        assertEquals(List.of(new FieldError("all", ReadRequests.BOTH)), refusal("{\"event_ids\": [\"" + A + "\"], \"all\": true}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"true\"", "1", "[]", "{}"})
    void allMustBeTrue(String all) {
        assertEquals(List.of(new FieldError("all", ReadRequests.NOT_TRUE)), refusal("{\"all\": " + all + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"" + "617c2320-1cae-4907-abb7-984198549571" + "\"", "{}", "true", "42"})
    void eventIdsMustBeANonEmptyArray(String ids) {
        assertEquals(List.of(new FieldError("event_ids", ReadRequests.NOT_IDS)), refusal("{\"event_ids\": " + ids + "}"));
    }

    @Test
    void everyEntryThatIsNoUuidIsNamedByItsIndex() {
        List<FieldError> errors = refusal("{\"event_ids\": [\"" + A + "\", \"not-a-uuid\", 42, null, \""
                + A.toString().replace("-", "") + "\", [\"" + B + "\"], \"" + A.toString().toUpperCase() + "\"]}");

        assertEquals(List.of("event_ids[1]", "event_ids[2]", "event_ids[3]", "event_ids[4]", "event_ids[5]"),
                errors.stream().map(FieldError::field).toList(), "upper-case hex is a UUID too");
        assertTrue(errors.stream().allMatch(error -> error.message().startsWith("must be a UUID")));
    }

    @Test
    void aUserIdThatIsNoUuidIsNamedWithTheBodysFaults() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> ReadRequests.parse("me", bytes("{\"event_ids\": [\"x\"]}")));

        assertEquals(ReadRequests.REFUSED, refused.getMessage());
        assertEquals(List.of("user_id", "event_ids[0]"), refused.errors().stream().map(FieldError::field).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"all\": true", "{\"all\": true, \"all\": true}", "\"all\"", "null"})
    void aBodyThatIsNoSingleJsonObjectIsRefusedWithTheStrictReadersReason(String body) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> ReadRequests.parse(USER, bytes(body)));

        assertTrue(refused.getMessage().startsWith("Body "), refused.getMessage());
    }

    @Test
    void aBadUserIdIsNamedBesideABodyThatIsNoJson() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> ReadRequests.parse("me", bytes("{")));

        assertEquals(List.of("user_id"), refused.errors().stream().map(FieldError::field).toList());
    }

    private static ReadMarking parse(String body) {
        return ReadRequests.parse(USER, bytes(body));
    }

    private static List<FieldError> refusal(String body) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> ReadRequests.parse(USER, bytes(body)));
        assertEquals(ReadRequests.REFUSED, refused.getMessage());
        return refused.errors();
    }

    private static String ids(int count) {
        List<String> ids = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> ids.add("\"" + UUID.randomUUID() + "\""));
        return ids.stream().collect(Collectors.joining(",", "[", "]"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
