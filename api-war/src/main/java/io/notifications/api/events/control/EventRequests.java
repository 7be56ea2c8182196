package io.notifications.api.events.control;

import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import io.notifications.message.JsonText;
import io.notifications.message.NewEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's request body read into events, held to the rules every event keeps ({@link EventFields}), or refused
 * with every field at fault named. Unknown fields are ignored.
 */
@ApplicationScoped
public class EventRequests {

    private EventFields fields;

    protected EventRequests() {
        // for CDI's proxy
    }

    @Inject
    public EventRequests(EventFields fields) {
        this.fields = fields;
    }

    /** Reads the body of {@code POST /api/events}: one JSON object. */
    public NewEvent read(byte[] body) {
        return read(JsonText.parseObject(body));
    }

    private NewEvent read(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        return fields.validated(fields.read(json, errors), errors, "Invalid event");
    }

    /**
     * Reads the body of {@code POST /api/events/batch}: a JSON array of 1 to {@code maxEvents} events, each held to
     * exactly the rules of {@link #read(byte[])}. Every event is read before any refusal, so that the refusal names all
     * of them: a field error of the event at index 3 is reported for the field {@code [3].user_id}, and a refusal of the
     * event as a whole (not an object, a NUL character) for the field {@code [3]}.
     *
     * <p>No event may be larger than a single request may be ({@code maxEventBytes}), measured as its compact JSON:
     * a batch is no way around that limit.
     *
     * @throws InvalidEventException when the body is not such an array, or any of its events is invalid
     */
    public List<NewEvent> readBatch(byte[] body, int maxEvents, int maxEventBytes) {
        JsonArray elements = JsonText.parseArray(body);
        if (elements.isEmpty()) {
            throw new InvalidEventException("Batch is empty: expected 1 to " + maxEvents + " events");
        }
        if (elements.size() > maxEvents) {
            throw new InvalidEventException("Batch has " + elements.size() + " events: at most " + maxEvents + " are accepted at once");
        }
        List<NewEvent> events = new ArrayList<>(elements.size());
        List<FieldError> errors = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            try {
                JsonObject element = JsonText.checkObject(elements.get(index));
                // Only a body over the limit can hold an event over it: most batches skip writing their events.
                if (body.length > maxEventBytes) {
                    int size = element.toString().getBytes(StandardCharsets.UTF_8).length;
                    if (size > maxEventBytes) {
                        throw new InvalidEventException("is " + size + " bytes as compact JSON: at most " + maxEventBytes
                                + " per event, as for a single event");
                    }
                }
                events.add(read(element));
            } catch (InvalidEventException refused) {
                errors.addAll(atIndex(index, refused));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidEventException("Invalid events in the batch: none was published", errors);
        }
        return events;
    }

    /** The field errors of the event at {@code index}, named as fields of the batch: {@code [index].field}. */
    private static List<FieldError> atIndex(int index, InvalidEventException refused) {
        String prefix = "[" + index + "]";
        if (refused.errors().isEmpty()) {
            return List.of(new FieldError(prefix, refused.getMessage()));
        }
        return refused.errors().stream().map(error -> new FieldError(prefix + "." + error.field(), error.message())).toList();
    }
}
