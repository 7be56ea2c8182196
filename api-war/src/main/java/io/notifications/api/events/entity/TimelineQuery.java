package io.notifications.api.events.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One page of a user's timeline to read, newest first.
 *
 * @param before     only events below this position (the cursor of the previous page), or {@code null} for the first page
 * @param eventType  only events of this type, or {@code null} for all
 * @param since      only events accepted at or after this instant, or {@code null}
 * @param until      only events accepted before this instant, or {@code null}
 * @param limit      the most events on the page
 * @param unreadOnly only events the user has not marked read
 */
public record TimelineQuery(UUID userId, TimelinePosition before, String eventType, Instant since, Instant until, int limit,
                            boolean unreadOnly) {

    /** Read and unread events alike. */
    public TimelineQuery(UUID userId, TimelinePosition before, String eventType, Instant since, Instant until, int limit) {
        this(userId, before, eventType, since, until, limit, false);
    }
}
