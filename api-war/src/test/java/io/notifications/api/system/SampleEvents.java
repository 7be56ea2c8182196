package io.notifications.api.system;

import java.util.UUID;

/** Request bodies for the tests. */
public final class SampleEvents {

    public static final String USER = "550e8400-e29b-41d4-a716-446655440000";

    private SampleEvents() {
    }

    /** A valid request body; {@code eventId} may be null to leave it out. */
    public static String welcome(UUID eventId) {
        String id = eventId == null ? "" : "\"event_id\": \"" + eventId + "\", ";
        return "{" + id + "\"user_id\": \"" + USER + "\", \"event_type\": \"user_registered\", "
                + "\"message\": \"Welcome!\", \"payload\": {\"n\": 1}}";
    }
}
