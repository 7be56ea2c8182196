package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.TimelinePosition;
import io.notifications.api.events.entity.TimelineQuery;
import io.notifications.message.FieldError;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The timeline's parameters: defaults, what each one accepts, and a 400 that names every parameter at fault. */
class TimelineParametersTest {

    private static final String USER = "550e8400-e29b-41d4-a716-446655440000";

    @Test
    void withoutParametersItIsTheFirstPageOfFiftyOfAllTheUsersEvents() {
        TimelineQuery query = TimelineParameters.parse(USER, Map.of());

        assertEquals(new TimelineQuery(UUID.fromString(USER), null, null, null, null, 50), query);
    }

    @Test
    void everyParameterIsRead() {
        TimelinePosition position = new TimelinePosition(Instant.parse("2026-11-26T10:00:00.000001Z"), UUID.randomUUID());

        TimelineQuery query = TimelineParameters.parse(USER, Map.of(
                "limit", List.of("200"),
                "before", List.of(TimelineCursor.encode(position)),
                "event_type", List.of("user_registered"),
                "since", List.of("2026-11-26T09:00:00+01:00"),
                "until", List.of("2026-11-26T10:00:00Z")));

        assertEquals(new TimelineQuery(UUID.fromString(USER), position, "user_registered",
                Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-26T10:00:00Z"), 200), query);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "201", "-1", "ten", "1.5", "", " 5", "99999999999"})
    void aLimitOutsideOneToTwoHundredIsRefused(String limit) {
        assertEquals(List.of(new FieldError("limit", "must be a whole number from 1 to 200")), refusal(Map.of("limit", List.of(limit))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "200"})
    void theBoundsOfTheLimitAreAccepted(String limit) {
        assertEquals(Integer.parseInt(limit), TimelineParameters.parse(USER, Map.of("limit", List.of(limit))).limit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "550e8400e29b41d4a716446655440000", "1-1-1-1-1", "550e8400-e29b-41d4-a716-44665544000g", ""})
    void aUserIdThatIsNoUuidIsRefused(String userId) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> TimelineParameters.parse(userId, Map.of()));
        assertEquals(List.of("user_id"), refused.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aMalformedCursorIsRefused() {
        assertEquals(List.of(new FieldError("before", "must be the \"next\" cursor of a previous page, unchanged")),
                refusal(Map.of("before", List.of("eyJvZmZzZXQiOjUwfQ"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-26", "2026-11-26T10:00:00", "1700000000", "2026-13-01T00:00:00Z"})
    void sinceAndUntilMustBeInstantsWithAnOffset(String text) {
        assertEquals(List.of("since", "until"), fields(refusal(Map.of("since", List.of(text), "until", List.of(text)))));
    }

    @Test
    void aPlusDecodedToASpaceIsExplained() {
        // "?since=2026-11-26T10:00:00+01:00" sent without encoding the + arrives with a space in its place
        FieldError error = refusal(Map.of("since", List.of("2026-11-26T10:00:00 01:00"))).get(0);
        assertEquals("must be an ISO-8601 instant with an offset, such as 2026-11-26T10:15:30Z (a + in a query string must be sent as %2B)",
                error.message());
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-26T10:00:00Z, 2026-11-26T10:00:00Z",
            "2026-11-26T10:00:01Z, 2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00+01:00, 2026-11-26T10:00:00Z"})
    void sinceMustBeBeforeUntil(String since, String until) {
        assertEquals(List.of(new FieldError("until", "must be later than since")),
                refusal(Map.of("since", List.of(since), "until", List.of(until))));
    }

    @Test
    void instantsAreRoundedUpToTheMicrosecondPostgresqlKeeps() {
        // created_at >= 10:00:00.0000001 holds for 10:00:00.000001 but not for 10:00:00.000000
        TimelineQuery query = TimelineParameters.parse(USER, Map.of("since", List.of("2026-11-26T10:00:00.0000001Z"),
                "until", List.of("2026-11-26T11:00:00.000002Z")));

        assertEquals(Instant.parse("2026-11-26T10:00:00.000001Z"), query.since());
        assertEquals(Instant.parse("2026-11-26T11:00:00.000002Z"), query.until());
    }

    @Test
    void instantsPostgresqlCannotStoreAreRefusedRatherThanSentToIt() {
        assertEquals(List.of("since"), fields(refusal(Map.of("since", List.of("-9999-01-01T00:00:00Z")))));
        assertEquals(List.of("until"), fields(refusal(Map.of("until", List.of("+999999-01-01T00:00:00Z")))));
    }

    @Test
    void anEmptyOrOverlongEventTypeIsRefused() {
        assertEquals(List.of("event_type"), fields(refusal(Map.of("event_type", List.of("")))));
        assertEquals(List.of("event_type"), fields(refusal(Map.of("event_type", List.of("x".repeat(101))))));
        assertEquals("x".repeat(100), TimelineParameters.parse(USER, Map.of("event_type", List.of("x".repeat(100)))).eventType());
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertEquals(List.of(new FieldError("limit", "must be given once")), refusal(Map.of("limit", List.of("5", "6"))));
    }

    @Test
    void everyInvalidParameterIsNamedInOneRefusal() {
        Map<String, List<String>> query = new HashMap<>();
        query.put("limit", List.of("0"));
        query.put("before", List.of("x"));
        query.put("since", List.of("soon"));
        InvalidRequestException refused = assertThrows(InvalidRequestException.class, () -> TimelineParameters.parse("me", query));

        assertEquals("Invalid timeline request", refused.getMessage());
        assertEquals(List.of("before", "limit", "since", "user_id"), fields(refused.errors()));
    }

    @Test
    void unreadTrueAsksForTheUnreadEventsOnlyAndFalseOrNothingForAll() {
        assertEquals(true, TimelineParameters.parse(USER, Map.of("unread", List.of("true"))).unreadOnly());
        assertEquals(false, TimelineParameters.parse(USER, Map.of("unread", List.of("false"))).unreadOnly());
        assertEquals(false, TimelineParameters.parse(USER, Map.of()).unreadOnly());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yes", "1", "0", "TRUE", "True", "on", " true", "true "})
    void unreadIsTrueOrFalseAndNothingElse(String unread) {
        assertEquals(List.of(new FieldError("unread", "must be true or false")), refusal(Map.of("unread", List.of(unread))));
    }

    @Test
    void unreadGivenTwiceIsRefusedEvenWhenBothAgree() {
        assertEquals(List.of(new FieldError("unread", "must be given once")), refusal(Map.of("unread", List.of("true", "true"))));
    }

    @Test
    void unknownParametersAreIgnored() {
        TimelineQuery query = TimelineParameters.parse(USER, Map.of("offset", List.of("100"), "page", List.of("2")));

        assertNull(query.before());
        assertEquals(50, query.limit());
    }

    private static List<FieldError> refusal(Map<String, List<String>> query) {
        return assertThrows(InvalidRequestException.class, () -> TimelineParameters.parse(USER, query)).errors();
    }

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }
}
