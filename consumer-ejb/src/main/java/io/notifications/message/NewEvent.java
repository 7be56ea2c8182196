package io.notifications.message;

import io.notifications.message.TraceParent;
import jakarta.json.JsonObject;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/**
 * An event as a client describes it, before it is accepted.
 *
 * @param eventId the client's idempotency key, or {@code null} to have one assigned
 * @param payload free-form data for the event, or {@code null}
 */
public record NewEvent(
        UUID eventId,
        @NotNull(message = "is required") UUID userId,
        @NotBlank(message = "must not be blank") @Size(max = 100, message = "must be at most 100 characters") String eventType,
        @NotBlank(message = "must not be blank") String message,
        JsonObject payload) {

    /** The event as accepted under {@code eventId} at {@code acceptedAt}. */
    public Event accept(UUID eventId, Instant acceptedAt) {
        return new Event(eventId, userId, eventType, message, payload, acceptedAt);
    }

    /** The event as accepted under {@code eventId} at {@code acceptedAt}, in the request's trace. */
    public Event accept(UUID eventId, Instant acceptedAt, TraceParent trace) {
        return new Event(eventId, userId, eventType, message, payload, acceptedAt, trace);
    }
}
