package io.notifications.api.errors;

import io.notifications.message.FieldError;
import java.util.List;

/** A request whose path or query parameters are not valid: answered 400 with the reasons, parameter by parameter. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
