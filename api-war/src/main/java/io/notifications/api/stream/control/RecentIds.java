package io.notifications.api.stream.control;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/** The event ids a stream saw most recently, at most {@code capacity} of them: the oldest goes when one more comes. */
final class RecentIds {

    private final Set<UUID> ids = new LinkedHashSet<>();
    private final int capacity;

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    void add(UUID id) {
        ids.remove(id); // seen again: the newest now
        ids.add(id);
        if (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
    }

    boolean contains(UUID id) {
        return ids.contains(id);
    }

    void clear() {
        ids.clear();
    }
}
