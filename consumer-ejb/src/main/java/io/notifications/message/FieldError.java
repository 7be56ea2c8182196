package io.notifications.message;

/** One reason why an event was refused, named after the JSON field it concerns. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
