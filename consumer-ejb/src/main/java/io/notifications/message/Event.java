package io.notifications.message;

import io.notifications.message.TraceParent;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An accepted event: what travels through RabbitMQ and ends up as one row of {@code processed_events}.
 *
 * @param eventId    the idempotency key: one event id is stored at most once
 * @param payload    free-form data, or {@code null}
 * @param acceptedAt when the API accepted the event; stored as {@code created_at}
 * @param trace      the request's trace, which travels in the message's {@value TraceParent#HEADER} header (not in its
 *                   body) and is stored as {@code trace_id}; {@code null} for a message without one
 */
public record Event(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, Instant acceptedAt,
                    TraceParent trace) {

    /** An event without a trace. */
    public Event(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, Instant acceptedAt) {
        this(eventId, userId, eventType, message, payload, acceptedAt, null);
    }

    /** The same event under the given trace. */
    public Event withTrace(TraceParent trace) {
        return new Event(eventId, userId, eventType, message, payload, acceptedAt, trace);
    }

    /** The trace id, or {@code null}. */
    public String traceId() {
        return trace == null ? null : trace.traceId();
    }
}
