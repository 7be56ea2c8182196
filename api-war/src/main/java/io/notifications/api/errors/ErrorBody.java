package io.notifications.api.errors;

import io.notifications.message.FieldError;
import io.notifications.message.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** The one shape of every error the API answers: {@code {"message": "...", "errors": [{"field", "message"}]}}. */
public final class ErrorBody {

    private ErrorBody() {
    }

    public static Response.ResponseBuilder response(int status, String message) {
        return response(status, message, List.of());
    }

    public static Response.ResponseBuilder response(int status, String message, List<FieldError> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(json(message, errors));
    }

    public static JsonObject json(String message, List<FieldError> errors) {
        return builder(message, errors).build();
    }

    /** The error's JSON, for an answer that adds members of its own after {@code message} and {@code errors}. */
    static JsonObjectBuilder builder(String message, List<FieldError> errors) {
        JsonObjectBuilder body = JsonBuilders.object().add("message", message);
        if (!errors.isEmpty()) {
            JsonArrayBuilder list = JsonBuilders.array();
            errors.forEach(error -> list.add(JsonBuilders.object().add("field", error.field()).add("message", error.message())));
            body.add("errors", list);
        }
        return body;
    }
}
