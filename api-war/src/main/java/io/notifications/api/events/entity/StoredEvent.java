package io.notifications.api.events.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code processed_events}: an event as the consumer stored it. What the consumer stored never changes;
 * only {@code readAt} is set, once, when the user marks the event read.
 *
 * @param payload     free-form data, or {@code null}
 * @param createdAt   when the API accepted the event, to the microsecond
 * @param processedAt when the consumer wrote the row, or {@code null} for rows written by other means
 * @param traceId     the W3C trace id of the request that published it (32 hex digits), or {@code null} for rows
 *                    stored before trace ids were, or from messages that carried none
 * @param readAt      when the user first marked it read, or {@code null} while it is unread
 */
public record StoredEvent(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, String status,
                          Instant createdAt, Instant processedAt, String traceId, Instant readAt) {

    /** An unread row. */
    public StoredEvent(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, String status,
                       Instant createdAt, Instant processedAt, String traceId) {
        this(eventId, userId, eventType, message, payload, status, createdAt, processedAt, traceId, null);
    }

    /** An unread row without a trace id. */
    public StoredEvent(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, String status,
                       Instant createdAt, Instant processedAt) {
        this(eventId, userId, eventType, message, payload, status, createdAt, processedAt, null, null);
    }

    /**
     * Where this event stands in the order its user's events were stored; a row written by other means than the
     * consumer (no {@code processed_at}) stands where it was accepted.
     */
    public StoragePosition storagePosition() {
        return new StoragePosition(processedAt != null ? processedAt : createdAt, eventId);
    }

    /** Where this event stands in its user's timeline: the next page starts below it. */
    public TimelinePosition position() {
        return new TimelinePosition(createdAt, eventId);
    }
}
