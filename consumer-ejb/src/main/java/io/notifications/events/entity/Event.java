package io.notifications.events.entity;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An accepted event: what travels through RabbitMQ and ends up as one row of {@code processed_events}.
 *
 * @param eventId    the idempotency key: one event id is stored at most once
 * @param payload    free-form data, or {@code null}
 * @param acceptedAt when the API accepted the event; stored as {@code created_at}
 */
public record Event(UUID eventId, UUID userId, String eventType, String message, JsonObject payload, Instant acceptedAt) {
}
