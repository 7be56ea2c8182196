package io.notifications.api.metrics;

import java.util.Locale;

/**
 * Why the API refused a request, as the {@code reason} tag of {@value ApiMetrics#REJECTED}: a few fixed
 * values, never anything taken from the request, so that the metric keeps a handful of series.
 */
public enum Rejection {
    /** 400: the body or a header is not valid. */
    INVALID,
    /** 401: no API key, or not a valid one. */
    UNAUTHORIZED,
    /** 404: an unknown path, or a dead letter that is not parked. */
    NOT_FOUND,
    /** 405: a method the path does not take. */
    METHOD_NOT_ALLOWED,
    /** 413: the body is over the limit. */
    TOO_LARGE,
    /** 415: not {@code application/json}. */
    UNSUPPORTED_TYPE,
    /** 503 while the server shuts down. */
    SHUTTING_DOWN,
    /** 503: RabbitMQ did not confirm, refused, could not route, blocks publishers; or no channel. */
    BROKER_UNAVAILABLE,
    /** 500: a bug; the log has the incident. */
    INTERNAL_ERROR,
    /** Any other 4xx or 5xx. */
    OTHER;

    /** The tag value: {@code too_large}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reason an answer with this status gives. {@code shuttingDown} tells the 503 of a draining server from the
     * broker's.
     */
    public static Rejection of(int status, boolean shuttingDown) {
        return switch (status) {
            case 400 -> INVALID;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_TYPE;
            case 500 -> INTERNAL_ERROR;
            case 503 -> shuttingDown ? SHUTTING_DOWN : BROKER_UNAVAILABLE;
            default -> OTHER;
        };
    }
}
