package io.notifications.api.events.control;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.ReadMarking;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import io.notifications.message.JsonText;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The request of {@code POST /api/users/{user_id}/events/read}, read into a {@link ReadMarking}: the body holds
 * either {@code event_ids}, 1 to {@value #MAX_EVENT_IDS} event ids (an id given twice counts once), or
 * {@code all: true}. Every fault, the path's user id included, is named in one 400; unknown fields are ignored, and a
 * {@code null} field counts as absent.
 */
public final class ReadRequests {

    public static final String EVENT_IDS = "event_ids";
    public static final String ALL = "all";
    public static final int MAX_EVENT_IDS = 100;

    static final String REFUSED = "Invalid request to mark events read: nothing was marked";
    static final String NEITHER = "is required unless all is true: send 1 to " + MAX_EVENT_IDS + " event ids, or all: true";
    static final String BOTH = "cannot be given with event_ids: send one of them";
    static final String NOT_TRUE = "must be true, for every unread event of the user; to mark some, send event_ids instead";
    static final String NOT_IDS = "must be an array of 1 to " + MAX_EVENT_IDS + " event ids";

    private ReadRequests() {
    }

    /**
     * @param userId the path's user id
     * @param body   the request body, read within the API's body limit
     * @throws InvalidRequestException naming every field and parameter at fault; nothing is marked then
     */
    public static ReadMarking parse(String userId, byte[] body) {
        List<FieldError> errors = new ArrayList<>();
        UUID user = null;
        if (EventFields.isUuid(userId)) {
            user = UUID.fromString(userId);
        } else {
            errors.add(new FieldError(EventFields.USER_ID, EventFields.NOT_A_UUID));
        }
        JsonObject json;
        try {
            json = JsonText.parseObject(body);
        } catch (InvalidEventException notAnObject) {
            errors.addAll(notAnObject.errors());
            throw new InvalidRequestException(notAnObject.getMessage(), errors);
        }
        JsonValue ids = present(json.get(EVENT_IDS));
        JsonValue all = present(json.get(ALL));
        Set<UUID> eventIds = Set.of();
        if (ids == null && all == null) {
            errors.add(new FieldError(EVENT_IDS, NEITHER));
        } else if (ids != null && all != null) {
            errors.add(new FieldError(ALL, BOTH));
        } else if (all != null) {
            if (all.getValueType() != JsonValue.ValueType.TRUE) {
                errors.add(new FieldError(ALL, NOT_TRUE));
            }
        } else {
            eventIds = eventIds(ids, errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(REFUSED, errors);
        }
        return all != null ? ReadMarking.everything(user) : ReadMarking.of(user, eventIds);
    }

    private static JsonValue present(JsonValue value) {
        return value == null || value == JsonValue.NULL ? null : value;
    }

    /** The distinct ids of the array, or an error for the array or for each entry that is no event id. */
    private static Set<UUID> eventIds(JsonValue value, List<FieldError> errors) {
        if (value.getValueType() != JsonValue.ValueType.ARRAY || value.asJsonArray().isEmpty()) {
            errors.add(new FieldError(EVENT_IDS, NOT_IDS));
            return Set.of();
        }
        JsonArray array = value.asJsonArray();
        if (array.size() > MAX_EVENT_IDS) {
            errors.add(new FieldError(EVENT_IDS, "holds " + array.size() + " event ids: at most " + MAX_EVENT_IDS + " at once"));
            return Set.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (int index = 0; index < array.size(); index++) {
            JsonValue entry = array.get(index);
            if (entry instanceof JsonString text && EventFields.isUuid(text.getString())) {
                ids.add(UUID.fromString(text.getString()));
            } else {
                errors.add(new FieldError(EVENT_IDS + "[" + index + "]", EventFields.NOT_A_UUID));
            }
        }
        return ids;
    }
}
