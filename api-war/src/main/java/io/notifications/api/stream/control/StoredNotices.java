package io.notifications.api.stream.control;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What {@code db/init.sql}'s trigger {@code processed_events_notify_stored} sends when a transaction that stored
 * events commits: on the channel {@value #CHANNEL}, {@code <user_id>:<event_id>} pairs separated by commas, at most
 * 100 in one notification.
 */
public final class StoredNotices {

    /** The channel, as the trigger names it. */
    public static final String CHANNEL = "processed_events_stored";

    private StoredNotices() {
    }

    /**
     * The event ids of a notification's pairs whose user is {@code watched} (has a stream open here), in their order.
     * A pair that is not two UUIDs is skipped: the payload comes from our trigger, but a stray {@code NOTIFY} on the
     * channel must not stop the listener.
     */
    public static Set<UUID> eventIdsOf(String payload, Predicate<UUID> watched, Set<UUID> into) {
        if (payload == null || payload.isEmpty()) {
            return into;
        }
        for (String pair : payload.split(",")) {
            int colon = pair.indexOf(':');
            if (colon != 36 || pair.length() != 73) {
                continue;
            }
            try {
                UUID user = UUID.fromString(pair.substring(0, colon));
                if (watched.test(user)) {
                    into.add(UUID.fromString(pair.substring(colon + 1)));
                }
            } catch (IllegalArgumentException notAPair) {
                // skipped, as above
            }
        }
        return into;
    }

    /** {@link #eventIdsOf(String, Predicate, Set)} into a new set. */
    public static Set<UUID> eventIdsOf(String payload, Predicate<UUID> watched) {
        return eventIdsOf(payload, watched, new LinkedHashSet<>());
    }
}
