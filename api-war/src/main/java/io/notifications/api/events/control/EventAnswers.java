package io.notifications.api.events.control;

import static io.notifications.message.EventFields.EVENT_ID;
import static io.notifications.message.EventFields.EVENT_TYPE;
import static io.notifications.message.EventFields.MESSAGE;
import static io.notifications.message.EventFields.PAYLOAD;
import static io.notifications.message.EventFields.USER_ID;

import io.notifications.api.events.entity.ReadReport;
import io.notifications.api.events.entity.StoredEvent;
import io.notifications.api.events.entity.TimelinePage;
import io.notifications.message.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.UUID;

/** The JSON the API answers about events: what it accepted, and what is stored. The field names are the contract. */
public final class EventAnswers {

    public static final String STATUS = "status";
    public static final String CREATED_AT = "created_at";
    public static final String PROCESSED_AT = "processed_at";
    /** The W3C trace id of the request that published the event (32 hex digits), or {@code null}. */
    public static final String TRACE_ID = "trace_id";
    /** When the user first marked the event read, or {@code null} while it is unread. */
    public static final String READ_AT = "read_at";
    /** The answer to marking events read: how many were marked now, had been read before, or are no event of the user. */
    public static final String MARKED = "marked";
    public static final String ALREADY_READ = "already_read";
    public static final String UNKNOWN = "unknown";
    /** The answer of {@code GET /api/users/{user_id}/events/unread-count}. */
    public static final String UNREAD = "unread";
    /** Whether {@link #UNREAD} stopped at the count's cap: the user has at least that many unread events. */
    public static final String CAPPED = "capped";
    /** The ids of a batch's events, in its order, in the answers to {@code POST /api/events/batch}. */
    public static final String EVENT_IDS = "event_ids";

    private static final String PUBLISHED = "Event published successfully";
    private static final String BATCH_PUBLISHED = "Events published successfully";

    private EventAnswers() {
    }

    /** The 202 of {@code POST /api/events}. */
    public static JsonObject accepted(UUID eventId) {
        return JsonBuilders.object().add("message", PUBLISHED).add(EVENT_ID, eventId.toString()).build();
    }

    /** The 202 of {@code POST /api/events/batch}. */
    public static JsonObject acceptedBatch(List<UUID> eventIds) {
        return JsonBuilders.object().add("message", BATCH_PUBLISHED).add(EVENT_IDS, ids(eventIds)).build();
    }

    /** The event ids as a JSON array of strings, in their order. */
    public static JsonArrayBuilder ids(List<UUID> eventIds) {
        JsonArrayBuilder ids = JsonBuilders.array();
        eventIds.forEach(id -> ids.add(id.toString()));
        return ids;
    }

    /**
     * A stored event as the read API answers it: the request's field names, and the row's status and times as
     * ISO-8601 instants in UTC ({@code 2026-11-26T10:15:30.123456Z}), the request's {@code trace_id}, and
     * {@code read_at}. {@code payload}, {@code processed_at}, {@code trace_id} and {@code read_at} are {@code null}
     * when the row has none. The one place a stored event becomes JSON: everything that answers one (the read API,
     * the timeline, the console) writes it with this.
     */
    public static JsonObject stored(StoredEvent event) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add(EVENT_ID, event.eventId().toString())
                .add(USER_ID, event.userId().toString())
                .add(EVENT_TYPE, event.eventType())
                .add(MESSAGE, event.message());
        nullable(json, PAYLOAD, event.payload());
        json.add(STATUS, event.status()).add(CREATED_AT, event.createdAt().toString());
        nullable(json, PROCESSED_AT, event.processedAt() == null ? null : event.processedAt().toString());
        nullable(json, TRACE_ID, event.traceId());
        nullable(json, READ_AT, event.readAt() == null ? null : event.readAt().toString());
        return json.build();
    }

    /** A page of a user's timeline: its events, and the cursor of the next page ({@code null} on the last). */
    public static JsonObject page(TimelinePage page) {
        JsonArrayBuilder events = JsonBuilders.array();
        page.events().forEach(event -> events.add(stored(event)));
        JsonObjectBuilder json = JsonBuilders.object().add("events", events);
        nullable(json, "next", page.next() == null ? null : TimelineCursor.encode(page.next()));
        return json.build();
    }

    /** The 200 of marking given events read: each distinct id counted in one of the three. */
    public static JsonObject read(ReadReport report) {
        return JsonBuilders.object().add(MARKED, report.marked()).add(ALREADY_READ, report.alreadyRead())
                .add(UNKNOWN, report.unknown()).build();
    }

    /** The 200 of marking all of a user's events read: how many were unread. */
    public static JsonObject readAll(long marked) {
        return JsonBuilders.object().add(MARKED, marked).build();
    }

    /**
     * The 200 of the unread count: exact up to {@code cap}; above it, {@code cap} with {@code capped: true}.
     *
     * @param counted the user's unread events counted up to {@code cap + 1}
     */
    public static JsonObject unreadCount(long counted, long cap) {
        return JsonBuilders.object().add(UNREAD, Math.min(counted, cap)).add(CAPPED, counted > cap).build();
    }

    private static void nullable(JsonObjectBuilder json, String field, Object value) {
        if (value == null) {
            json.addNull(field);
        } else if (value instanceof JsonObject object) {
            json.add(field, object);
        } else {
            json.add(field, value.toString());
        }
    }
}
