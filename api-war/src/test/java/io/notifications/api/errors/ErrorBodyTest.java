package io.notifications.api.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.notifications.message.FieldError;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void anErrorWithoutFieldErrorsHasOnlyAMessage() {
        JsonObject body = ErrorBody.json("The message broker is unavailable", List.of());

        assertEquals(Json.createObjectBuilder().add("message", "The message broker is unavailable").build(), body);
        assertFalse(body.containsKey("errors"));
    }

    @Test
    void fieldErrorsAreListedInOrderWithFieldAndMessage() {
        JsonObject body = ErrorBody.json("Invalid event", List.of(
                new FieldError("event_type", "must not be blank"),
                new FieldError("user_id", "is required")));

        assertEquals(Json.createObjectBuilder()
                .add("message", "Invalid event")
                .add("errors", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("field", "event_type").add("message", "must not be blank"))
                        .add(Json.createObjectBuilder().add("field", "user_id").add("message", "is required")))
                .build(), body);
    }

    @Test
    void textIsCarriedVerbatimAndEscapedOnlyWhenWritten() {
        JsonObject body = ErrorBody.json("Bad \"quote\" \\ and\nnewline", List.of(new FieldError("Idempotency-Key", "ü 😀")));

        assertEquals("Bad \"quote\" \\ and\nnewline", body.getString("message"));
        assertEquals("ü 😀", body.getJsonArray("errors").getJsonObject(0).getString("message"));
        assertEquals(body, Json.createReader(new java.io.StringReader(body.toString())).readObject());
    }
}
