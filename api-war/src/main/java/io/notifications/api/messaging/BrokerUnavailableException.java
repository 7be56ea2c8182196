package io.notifications.api.messaging;

/** RabbitMQ could not take an event in time; the client is told to retry (503 with Retry-After). */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message);
    }

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
