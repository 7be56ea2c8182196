package io.notifications.api.deadletters.control;

import io.notifications.api.messaging.BrokerUnavailableException;

/** RabbitMQ could not do what was asked of the dead-letter queue; the message says what state it was left in. */
public class DeadLettersUnavailableException extends BrokerUnavailableException {

    public DeadLettersUnavailableException(String message) {
        super(message);
    }

    public DeadLettersUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
