package io.notifications.api.stream.control;

import io.notifications.api.events.entity.TimelinePosition;
import java.util.UUID;

/** Places in a user's timeline compared as PostgreSQL orders them: {@code created_at}, then {@code event_id}. */
final class Positions {

    private Positions() {
    }

    /**
     * Negative, zero or positive as {@code a} comes before, at or after {@code b}. Event ids compare as PostgreSQL
     * compares uuids, byte by byte, unsigned: not as {@link UUID#compareTo}, which compares signed halves.
     */
    static int compare(TimelinePosition a, TimelinePosition b) {
        int byTime = a.createdAt().compareTo(b.createdAt());
        if (byTime != 0) {
            return byTime;
        }
        return compare(a.eventId(), b.eventId());
    }

    static int compare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
