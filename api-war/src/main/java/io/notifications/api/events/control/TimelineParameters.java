package io.notifications.api.events.control;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.TimelinePosition;
import io.notifications.api.events.entity.TimelineQuery;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The parameters of {@code GET /api/users/{user_id}/events}, read into a {@link TimelineQuery}. Every invalid one is
 * named in one 400; none reaches the database.
 */
public final class TimelineParameters {

    public static final String USER_ID = EventFields.USER_ID;
    public static final String LIMIT = "limit";
    public static final String BEFORE = "before";
    public static final String EVENT_TYPE = EventFields.EVENT_TYPE;
    public static final String SINCE = "since";
    public static final String UNTIL = "until";
    /** {@code true}: only the events the user has not marked read. {@code false}, the default: all of them. */
    public static final String UNREAD = "unread";

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    static final int MAX_EVENT_TYPE_LENGTH = 100; // the column's width, and what POST accepts

    // What a PostgreSQL timestamptz holds (4713 BC to 294276 AD), a little narrowed: an instant outside it would make
    // the query fail instead of finding nothing.
    private static final Instant EARLIEST = Instant.parse("-4712-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+294246-12-31T23:59:59.999999Z");

    private static final String UUID_EXAMPLE = EventFields.NOT_A_UUID;
    private static final String INSTANT_EXAMPLE = "must be an ISO-8601 instant with an offset, such as 2026-11-26T10:15:30Z";

    private TimelineParameters() {
    }

    /**
     * @param userId the path's user id
     * @param query  the query parameters, decoded; unknown ones are ignored
     * @throws InvalidRequestException naming every parameter that is not valid
     */
    public static TimelineQuery parse(String userId, Map<String, List<String>> query) {
        List<FieldError> errors = new ArrayList<>();
        UUID user = null;
        if (EventFields.isUuid(userId)) {
            user = UUID.fromString(userId);
        } else {
            errors.add(new FieldError(USER_ID, UUID_EXAMPLE));
        }
        int limit = limit(single(query, LIMIT, errors), errors);
        TimelinePosition before = before(single(query, BEFORE, errors), errors);
        String eventType = eventType(single(query, EVENT_TYPE, errors), errors);
        Instant since = instant(SINCE, single(query, SINCE, errors), errors);
        Instant until = instant(UNTIL, single(query, UNTIL, errors), errors);
        boolean unreadOnly = unread(single(query, UNREAD, errors), errors);
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new FieldError(UNTIL, "must be later than since"));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
            throw new InvalidRequestException("Invalid timeline request", errors);
        }
        return new TimelineQuery(user, before, eventType, since, until, limit, unreadOnly);
    }

    /** Whether PostgreSQL can compare {@code created_at} with this instant. */
    static boolean storable(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    /** The parameter's one value, or {@code null} when absent; a parameter given twice is an error. */
    private static String single(Map<String, List<String>> query, String name, List<FieldError> errors) {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            errors.add(new FieldError(name, "must be given once"));
            return null;
        }
        return values.get(0);
    }

    private static int limit(String text, List<FieldError> errors) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        errors.add(new FieldError(LIMIT, "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static boolean unread(String text, List<FieldError> errors) {
        if (text == null || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        errors.add(new FieldError(UNREAD, "must be true or false"));
        return false;
    }

    private static TimelinePosition before(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        return TimelineCursor.decode(text).orElseGet(() -> {
            errors.add(new FieldError(BEFORE, "must be the \"next\" cursor of a previous page, unchanged"));
            return null;
        });
    }

    private static String eventType(String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        if (text.isEmpty() || text.length() > MAX_EVENT_TYPE_LENGTH) {
            errors.add(new FieldError(EVENT_TYPE, "must be 1 to " + MAX_EVENT_TYPE_LENGTH + " characters"));
            return null;
        }
        return text;
    }

    /**
     * The instant, to the microsecond PostgreSQL keeps, rounded up: {@code created_at >= since} and
     * {@code created_at < until} then hold for exactly the microseconds they would for the instant given.
     */
    private static Instant instant(String name, String text, List<FieldError> errors) {
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, INSTANT_EXAMPLE + (text.contains(" ") ? " (a + in a query string must be sent as %2B)" : "")));
            return null;
        }
        Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
        Instant roundedUp = micros.equals(instant) ? micros : micros.plus(1, ChronoUnit.MICROS);
        if (!storable(roundedUp)) {
            errors.add(new FieldError(name, "must be between the years 4713 BC and 294246 AD"));
            return null;
        }
        return roundedUp;
    }
}
