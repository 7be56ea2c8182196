package io.notifications.events.control;

import io.notifications.events.entity.Event;
import io.notifications.events.entity.FieldError;
import io.notifications.events.entity.InvalidEventException;
import io.notifications.events.entity.NewEvent;
import io.notifications.events.entity.StoredEvent;
import io.notifications.json.JsonBuilders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.lang.annotation.ElementType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON form of events, in both directions: client requests to the API, and the messages between API and consumer.
 * The field names here are the wire contract.
 */
@ApplicationScoped
public class EventJson {

    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String MESSAGE = "message";
    public static final String PAYLOAD = "payload";
    public static final String ACCEPTED_AT = "accepted_at";
    // A stored event's further fields, as the read API answers them
    public static final String STATUS = "status";
    public static final String CREATED_AT = "created_at";
    public static final String PROCESSED_AT = "processed_at";
    /** The W3C trace id of the request that published the event (32 hex digits), or {@code null}. */
    public static final String TRACE_ID = "trace_id";
    /** The ids of a batch's events, in its order, in the API's answers to {@code POST /api/events/batch}. */
    public static final String EVENT_IDS = "event_ids";

    private static final Map<String, String> FIELD_OF_PROPERTY = Map.of(
            "eventId", EVENT_ID, "userId", USER_ID, "eventType", EVENT_TYPE, "message", MESSAGE, "payload", PAYLOAD);

    private Validator validator;

    protected EventJson() {
        // for CDI's proxy
    }

    /**
     * With JPA on the class path, Hibernate Validator asks the persistence provider whether each property is loaded,
     * and EclipseLink answers that under one global lock: under load every request thread queued there. Events are
     * records, never entities, so every property is reachable.
     */
    @Inject
    public EventJson(ValidatorFactory validation) {
        this(validation.usingContext().traversableResolver(new EverythingReachable()).getValidator());
    }

    EventJson(Validator validator) {
        this.validator = validator;
    }

    private static final class EverythingReachable implements TraversableResolver {

        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path path, ElementType type) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path path, ElementType type) {
            return true;
        }
    }

    /** Reads a client's request body. Unknown fields are ignored. */
    public NewEvent readRequest(byte[] body) {
        return readRequest(JsonText.parseObject(body));
    }

    private NewEvent readRequest(JsonObject json) {
        List<FieldError> errors = new ArrayList<>();
        NewEvent event = readFields(json, errors);
        return validated(event, errors, "Invalid event");
    }

    /**
     * Reads a client's batch: a JSON array of 1 to {@code maxEvents} events, each held to exactly the rules of
     * {@link #readRequest(byte[])}. Every event is read before any refusal, so that the refusal names all of them: a
     * field error of the event at index 3 is reported for the field {@code [3].user_id}, and a refusal of the event as
     * a whole (not an object, a NUL character) for the field {@code [3]}.
     *
     * <p>No event may be larger than a single request may be ({@code maxEventBytes}), measured as its compact JSON:
     * a batch is no way around that limit.
     *
     * @throws InvalidEventException when the body is not such an array, or any of its events is invalid
     */
    public List<NewEvent> readRequests(byte[] body, int maxEvents, int maxEventBytes) {
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
                events.add(readRequest(element));
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

    /** Reads a message written by {@link #write(Event)}. */
    public Event readMessage(byte[] body) {
        JsonObject json = JsonText.parseObject(body);
        List<FieldError> errors = new ArrayList<>();
        NewEvent event = readFields(json, errors);
        if (event.eventId() == null && !hasErrorFor(errors, EVENT_ID)) {
            errors.add(new FieldError(EVENT_ID, "is required"));
        }
        Instant acceptedAt = instant(json, ACCEPTED_AT, errors);
        validated(event, errors, "Invalid event message");
        return event.accept(event.eventId(), acceptedAt);
    }

    public byte[] write(Event event) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add(EVENT_ID, event.eventId().toString())
                .add(USER_ID, event.userId().toString())
                .add(EVENT_TYPE, event.eventType())
                .add(MESSAGE, event.message());
        if (event.payload() != null) {
            json.add(PAYLOAD, event.payload());
        }
        json.add(ACCEPTED_AT, event.acceptedAt().toString());
        return json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A stored event as the read API answers it: the request's field names, and the row's status and times as
     * ISO-8601 instants in UTC ({@code 2026-11-26T10:15:30.123456Z}), and the request's {@code trace_id}.
     * {@code payload}, {@code processed_at} and {@code trace_id} are {@code null} when the row has none.
     */
    public static JsonObject stored(StoredEvent event) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add(EVENT_ID, event.eventId().toString())
                .add(USER_ID, event.userId().toString())
                .add(EVENT_TYPE, event.eventType())
                .add(MESSAGE, event.message());
        if (event.payload() == null) {
            json.addNull(PAYLOAD);
        } else {
            json.add(PAYLOAD, event.payload());
        }
        json.add(STATUS, event.status()).add(CREATED_AT, event.createdAt().toString());
        if (event.processedAt() == null) {
            json.addNull(PROCESSED_AT);
        } else {
            json.add(PROCESSED_AT, event.processedAt().toString());
        }
        if (event.traceId() == null) {
            json.addNull(TRACE_ID);
        } else {
            json.add(TRACE_ID, event.traceId());
        }
        return json.build();
    }

    private NewEvent readFields(JsonObject json, List<FieldError> errors) {
        return new NewEvent(
                uuid(json, EVENT_ID, errors),
                uuid(json, USER_ID, errors),
                string(json, EVENT_TYPE, errors),
                string(json, MESSAGE, errors),
                object(json, PAYLOAD, errors));
    }

    private NewEvent validated(NewEvent event, List<FieldError> errors, String summary) {
        for (ConstraintViolation<NewEvent> violation : validator.validate(event)) {
            String field = FIELD_OF_PROPERTY.getOrDefault(violation.getPropertyPath().toString(), violation.getPropertyPath().toString());
            if (!hasErrorFor(errors, field)) {
                errors.add(new FieldError(field, violation.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
            throw new InvalidEventException(summary, errors);
        }
        return event;
    }

    private static boolean hasErrorFor(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    /** A present, non-null member, or {@code null}; explicit JSON nulls count as absent. */
    private static JsonValue member(JsonObject json, String field) {
        JsonValue value = json.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private static String string(JsonObject json, String field, List<FieldError> errors) {
        JsonValue value = member(json, field);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return ((JsonString) value).getString();
    }

    private static UUID uuid(JsonObject json, String field, List<FieldError> errors) {
        JsonValue value = member(json, field);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.STRING || !isUuidText(((JsonString) value).getString())) {
            errors.add(new FieldError(field, "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000"));
            return null;
        }
        return UUID.fromString(((JsonString) value).getString());
    }

    /** The canonical 8-4-4-4-12 hex form only: {@code UUID.fromString} also takes shorter groups. */
    public static boolean isUuidText(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean valid = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : Character.digit(c, 16) >= 0 && c < 128;
            if (!valid) {
                return false;
            }
        }
        return true;
    }

    private static JsonObject object(JsonObject json, String field, List<FieldError> errors) {
        JsonValue value = member(json, field);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            errors.add(new FieldError(field, "must be a JSON object"));
            return null;
        }
        return value.asJsonObject();
    }

    private static Instant instant(JsonObject json, String field, List<FieldError> errors) {
        String text = string(json, field, errors);
        if (text == null) {
            if (!hasErrorFor(errors, field)) {
                errors.add(new FieldError(field, "is required"));
            }
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be an ISO-8601 instant"));
            return null;
        }
    }
}
