package io.notifications.events.control;

import io.notifications.events.entity.Event;

/** Hands accepted events to the consumer through the broker. */
public interface EventPublisher {

    /**
     * Returns once the broker has taken responsibility for the event: it is on disk and routed to the queue.
     *
     * @throws io.notifications.messaging.BrokerUnavailableException when that cannot be confirmed in time
     */
    void publish(Event event);
}
