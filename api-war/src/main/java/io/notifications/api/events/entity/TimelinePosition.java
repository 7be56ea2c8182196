package io.notifications.api.events.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A place in a user's timeline, which is ordered by {@code (created_at, event_id)} newest first; a page that starts at
 * a position holds only the events strictly below it. Event ids break ties between events accepted in the same
 * microsecond, so every event has a place of its own and no page repeats or skips one.
 */
public record TimelinePosition(Instant createdAt, UUID eventId) {
}
