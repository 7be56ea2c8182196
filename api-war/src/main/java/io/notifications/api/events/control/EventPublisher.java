package io.notifications.api.events.control;

import io.notifications.message.Event;
import java.util.concurrent.CompletionStage;

/** Hands accepted events to the consumer through the broker. */
public interface EventPublisher {

    /**
     * Hands the event to the broker. The stage completes once the broker has taken responsibility for it: it is on
     * disk and routed to the queue. It fails with {@link io.notifications.api.messaging.BrokerUnavailableException} when
     * that cannot be confirmed in time, and the method throws it when the event cannot even be sent.
     */
    CompletionStage<Void> publish(Event event);
}
