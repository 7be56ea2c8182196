package io.notifications.message;

import java.util.List;

/**
 * Thrown when a request body or a message is not a valid event. The API answers it with 400; the consumer parks the
 * message in the dead-letter queue. It is never worth a retry.
 */
public class InvalidEventException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidEventException(String message) {
        this(message, List.of());
    }

    public InvalidEventException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The message and every field error, on one line: for logs and dead-letter headers. */
    public String describe() {
        return errors.isEmpty() ? getMessage() : getMessage() + ": " + String.join("; ", errors.stream().map(FieldError::toString).toList());
    }
}
