package io.notifications.message;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the message the API publishes and the consumer reads: an accepted event as one JSON object, the
 * fields of {@link EventFields} and {@value #ACCEPTED_AT}. The event's trace travels beside it, in the
 * {@value TraceParent#HEADER} header ({@link Topology}).
 */
@ApplicationScoped
public class EventMessage {

    /** When the API accepted the event (ISO-8601 instant); the row's {@code created_at}. */
    public static final String ACCEPTED_AT = "accepted_at";

    private EventFields fields;

    protected EventMessage() {
        // for CDI's proxy
    }

    @Inject
    public EventMessage(EventFields fields) {
        this.fields = fields;
    }

    public byte[] write(Event event) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add(EventFields.EVENT_ID, event.eventId().toString())
                .add(EventFields.USER_ID, event.userId().toString())
                .add(EventFields.EVENT_TYPE, event.eventType())
                .add(EventFields.MESSAGE, event.message());
        if (event.payload() != null) {
            json.add(EventFields.PAYLOAD, event.payload());
        }
        json.add(ACCEPTED_AT, event.acceptedAt().toString());
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a message written by {@link #write(Event)}: the rules of a request, and an event id and accepted time too.
     *
     * @throws InvalidEventException when the body is no such event; the consumer parks it
     */
    public Event read(byte[] body) {
        JsonObject json = JsonText.parseObject(body);
        List<FieldError> errors = new ArrayList<>();
        NewEvent event = fields.read(json, errors);
        if (event.eventId() == null && !EventFields.hasErrorFor(errors, EventFields.EVENT_ID)) {
            errors.add(new FieldError(EventFields.EVENT_ID, "is required"));
        }
        Instant acceptedAt = acceptedAt(json, errors);
        fields.validated(event, errors, "Invalid event message");
        return event.accept(event.eventId(), acceptedAt);
    }

    private static Instant acceptedAt(JsonObject json, List<FieldError> errors) {
        String text = EventFields.string(json, ACCEPTED_AT, errors);
        if (text == null) {
            if (!EventFields.hasErrorFor(errors, ACCEPTED_AT)) {
                errors.add(new FieldError(ACCEPTED_AT, "is required"));
            }
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(ACCEPTED_AT, "must be an ISO-8601 instant"));
            return null;
        }
    }
}
