package io.notifications.api.stream.control;

import io.notifications.api.events.entity.StoredEvent;
import java.util.UUID;

/** A message of an {@link EventStream}, as {@link SseOutlet} writes it. */
public sealed interface StreamMessage {

    /** {@code event: notification}, the stored event. */
    record Notification(StoredEvent event) implements StreamMessage {
    }

    /** A comment line: nothing for the client, traffic for the proxies between. */
    record Comment(String text) implements StreamMessage {
    }

    /** {@code event: overflow}, the last message: the client fell behind; {@code lastEventId} is the last one sent. */
    record Overflow(UUID lastEventId) implements StreamMessage {
    }

    /**
     * {@code event: expired}, the last message: the token the stream was opened with no longer holds; {@code lastEventId}
     * is the last event sent.
     */
    record Expired(UUID lastEventId) implements StreamMessage {
    }
}
