package io.notifications.message;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.lang.annotation.ElementType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An event's fields in JSON, their names and their rules ({@link NewEvent}), read the same way from a client's request
 * (by the API) and from a message (by the consumer), so that the consumer never stores what the API would refuse.
 * Every reader collects {@link FieldError}s named after the JSON field, so that one refusal names all of them.
 */
@ApplicationScoped
public class EventFields {

    public static final String EVENT_ID = "event_id";
    public static final String USER_ID = "user_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String MESSAGE = "message";
    public static final String PAYLOAD = "payload";

    /** The refusal of a text that is not an id, with an example of one. */
    public static final String NOT_A_UUID = "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000";

    private static final Map<String, String> FIELD_OF_PROPERTY = Map.of(
            "eventId", EVENT_ID, "userId", USER_ID, "eventType", EVENT_TYPE, "message", MESSAGE, "payload", PAYLOAD);

    private Validator validator;

    protected EventFields() {
        // for CDI's proxy
    }

    /**
     * With JPA on the class path, Hibernate Validator asks the persistence provider whether each property is loaded,
     * and EclipseLink answers that under one global lock: under load every request thread queued there. Events are
     * records, never entities, so every property is reachable.
     */
    @Inject
    public EventFields(ValidatorFactory validation) {
        this(validation.usingContext().traversableResolver(new EverythingReachable()).getValidator());
    }

    /** For unit tests, with a validator of their own. */
    public EventFields(Validator validator) {
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

    /**
     * The event's fields as the JSON holds them; a field of the wrong type is added to {@code errors} and read as
     * absent. Unknown fields are ignored; an explicit JSON {@code null} counts as absent.
     */
    public NewEvent read(JsonObject json, List<FieldError> errors) {
        return new NewEvent(
                uuid(json, EVENT_ID, errors),
                uuid(json, USER_ID, errors),
                string(json, EVENT_TYPE, errors),
                string(json, MESSAGE, errors),
                object(json, PAYLOAD, errors));
    }

    /**
     * The event, once it keeps every rule of {@link NewEvent}; a field that has an error already is not reported twice.
     *
     * @throws InvalidEventException with {@code summary} and every field error, sorted by field, when there is any
     */
    public NewEvent validated(NewEvent event, List<FieldError> errors, String summary) {
        for (ConstraintViolation<NewEvent> violation : validator.validate(event)) {
            String property = violation.getPropertyPath().toString();
            String field = FIELD_OF_PROPERTY.getOrDefault(property, property);
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

    /** The canonical 8-4-4-4-12 hex form only: {@code UUID.fromString} also takes shorter groups. */
    public static boolean isUuid(String text) {
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

    static boolean hasErrorFor(List<FieldError> errors, String field) {
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    /** A present, non-null member, or {@code null}; explicit JSON nulls count as absent. */
    private static JsonValue member(JsonObject json, String field) {
        JsonValue value = json.get(field);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    static String string(JsonObject json, String field, List<FieldError> errors) {
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
        if (value.getValueType() != JsonValue.ValueType.STRING || !isUuid(((JsonString) value).getString())) {
            errors.add(new FieldError(field, NOT_A_UUID));
            return null;
        }
        return UUID.fromString(((JsonString) value).getString());
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
}
