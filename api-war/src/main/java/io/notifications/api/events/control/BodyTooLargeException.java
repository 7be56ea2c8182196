package io.notifications.api.events.control;

/** A request body over the configured limit; answered with 413. */
public class BodyTooLargeException extends RuntimeException {

    private final int limit;

    public BodyTooLargeException(int limit) {
        super("Body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
