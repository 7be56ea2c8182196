package io.notifications.api.stream.control;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.StoredEvent;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code Last-Event-ID} a reconnecting client sends: the id of the last event it received, whose place in the
 * order the user's events were stored the stream resumes after. It must be a stored event of that same user. An unknown id, or another
 * user's, is refused with 400 rather than answered with a stream from now on: that would silently skip whatever the
 * client missed. A client told so starts afresh without the header, and reads the timeline for what came before.
 */
public final class LastEventId {

    /** The header, as the SSE specification names it. */
    public static final String HEADER = "Last-Event-ID";

    private LastEventId() {
    }

    /** The event the stream resumes after, or {@code null} without the header (an empty one counts as none). */
    public static StoredEvent resume(UUID userId, String header, Function<UUID, Optional<StoredEvent>> stored) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String text = header.strip();
        if (!EventFields.isUuid(text)) {
            throw invalid(EventFields.NOT_A_UUID);
        }
        return stored.apply(UUID.fromString(text))
                .filter(found -> found.userId().equals(userId))
                .orElseThrow(() -> invalid("is not a stored event of this user: reconnect without it to start from now"));
    }

    private static InvalidRequestException invalid(String why) {
        return new InvalidRequestException("Invalid stream request", List.of(new FieldError(HEADER, why)));
    }
}
