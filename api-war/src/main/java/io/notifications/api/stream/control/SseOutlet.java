package io.notifications.api.stream.control;

import io.notifications.api.events.control.EventAnswers;
import io.notifications.message.JsonBuilders;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** A stream's messages as Server-Sent Events on a JAX-RS sink. */
public final class SseOutlet implements EventStream.Outlet {

    /** The event name of a stored event; its {@code data} is the event as {@code GET /api/events/{event_id}} answers it. */
    public static final String NOTIFICATION = "notification";
    /** The event name of the last message of a stream whose reader fell behind. */
    public static final String OVERFLOW = "overflow";
    /** The event name of the last message of a stream whose token stopped holding. */
    public static final String EXPIRED = "expired";
    /** The overflow's and the expiry's member naming the last event sent, or {@code null} when none was. */
    public static final String LAST_EVENT_ID = "last_event_id";

    private final SseEventSink sink;
    private final Sse sse;

    public SseOutlet(SseEventSink sink, Sse sse) {
        this.sink = sink;
        this.sse = sse;
    }

    @Override
    public CompletionStage<?> send(StreamMessage message) {
        return sink.send(event(message));
    }

    private OutboundSseEvent event(StreamMessage message) {
        OutboundSseEvent.Builder event = sse.newEventBuilder();
        if (message instanceof StreamMessage.Notification notification) {
            return event.name(NOTIFICATION).id(notification.event().eventId().toString())
                    .data(String.class, EventAnswers.stored(notification.event()).toString()).build();
        }
        if (message instanceof StreamMessage.Overflow overflow) {
            return event.name(OVERFLOW).data(String.class, overflow(overflow).toString()).build();
        }
        if (message instanceof StreamMessage.Expired expired) {
            return event.name(EXPIRED).data(String.class, last("The token this stream was opened with has expired and the "
                    + "stream ends: reconnect with a new token and Last-Event-ID", expired.lastEventId()).toString())
                    .build();
        }
        return event.comment(((StreamMessage.Comment) message).text()).build();
    }

    /** The overflow's data: why the stream ends, and the last event it sent, to reconnect with as Last-Event-ID. */
    static jakarta.json.JsonObject overflow(StreamMessage.Overflow overflow) {
        return last("The stream fell behind its reader and ends: reconnect with Last-Event-ID to catch up from the "
                + "database", overflow.lastEventId());
    }

    private static jakarta.json.JsonObject last(String message, UUID lastEventId) {
        JsonObjectBuilder json = JsonBuilders.object().add("message", message);
        if (lastEventId == null) {
            json.addNull(LAST_EVENT_ID);
        } else {
            json.add(LAST_EVENT_ID, lastEventId.toString());
        }
        return json.build();
    }

    @Override
    public void close() {
        sink.close();
    }
}
