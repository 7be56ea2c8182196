package io.notifications.api.events.control;

import io.notifications.message.FieldError;
import java.util.List;
import java.util.UUID;

/**
 * RabbitMQ did not confirm every event of a batch: some may be accepted and stored, the others not. Answered with 503
 * and the batch's event ids, under which the client sends it again.
 */
public class BatchNotConfirmedException extends RuntimeException {

    private final List<UUID> eventIds;
    private final List<FieldError> unconfirmed;

    public BatchNotConfirmedException(List<UUID> eventIds, List<FieldError> unconfirmed) {
        super("RabbitMQ did not confirm " + unconfirmed.size() + " of the " + eventIds.size() + " events of the batch");
        this.eventIds = List.copyOf(eventIds);
        this.unconfirmed = List.copyOf(unconfirmed);
    }

    /** Every event's id, in the batch's order, confirmed or not. */
    public List<UUID> eventIds() {
        return eventIds;
    }

    /** One error {@code [index]} for each event RabbitMQ did not confirm, with the reason. */
    public List<FieldError> unconfirmed() {
        return unconfirmed;
    }
}
