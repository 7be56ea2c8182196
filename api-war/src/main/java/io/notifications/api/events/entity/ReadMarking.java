package io.notifications.api.events.entity;

import java.util.Set;
import java.util.UUID;

/**
 * What {@code POST /api/users/{user_id}/events/read} asks for: these events of the user marked read, or all of them.
 *
 * @param eventIds the events to mark, each once (1 to 100), or empty when {@code all}
 * @param all      every event of the user that is unread
 */
public record ReadMarking(UUID userId, Set<UUID> eventIds, boolean all) {

    public ReadMarking {
        eventIds = Set.copyOf(eventIds);
        if (all != eventIds.isEmpty()) {
            throw new IllegalArgumentException("either event ids or all, not both or neither");
        }
    }

    public static ReadMarking of(UUID userId, Set<UUID> eventIds) {
        return new ReadMarking(userId, eventIds, false);
    }

    public static ReadMarking everything(UUID userId) {
        return new ReadMarking(userId, Set.of(), true);
    }
}
