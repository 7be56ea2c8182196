package io.notifications.api.events.entity;

import java.util.List;

/**
 * A page of a user's timeline, newest first.
 *
 * @param next where the next page starts (the last event's position), or {@code null} when this page is the last
 */
public record TimelinePage(List<StoredEvent> events, TimelinePosition next) {
}
