package io.notifications.api.events.entity;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A place in the order a user's events were stored, {@code (processed_at, event_id)} as PostgreSQL orders them: where a
 * stream's catch-up resumes. Not the timeline's order: an event accepted early but stored late (a backlog, a retry)
 * comes late here.
 */
public record StoragePosition(Instant storedAt, UUID eventId) implements Comparable<StoragePosition> {

    private static final UUID SMALLEST = new UUID(0, 0);

    /** The place just before everything stored at {@code at}. */
    public static StoragePosition before(Instant at) {
        return new StoragePosition(at, SMALLEST);
    }

    /** The place {@code earlier} before this one: where a catch-up that must not miss a slow commit starts. */
    public StoragePosition minus(Duration earlier) {
        return before(storedAt.minus(earlier));
    }

    /**
     * Event ids compare as PostgreSQL compares uuids, byte by byte, unsigned: not as {@link UUID#compareTo}, which
     * compares signed halves.
     */
    @Override
    public int compareTo(StoragePosition other) {
        int byTime = storedAt.compareTo(other.storedAt);
        if (byTime != 0) {
            return byTime;
        }
        int high = Long.compareUnsigned(eventId.getMostSignificantBits(), other.eventId.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(eventId.getLeastSignificantBits(), other.eventId.getLeastSignificantBits());
    }
}
