package io.notifications.consumer.control;

import io.notifications.consumer.control.BatchInsert.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * How a stored batch of one channel is settled with RabbitMQ: one multiple acknowledgement up to the last event
 * stored or found stored already, after the events that could not be stored were forwarded (each of which is
 * acknowledged on its own once its copy is confirmed). A tag acknowledged twice would close the channel, so the
 * multiple acknowledgement ends at the last stored event, never at a forwarded one.
 *
 * @param acknowledgeUpTo the delivery tag of the multiple acknowledgement, or 0 when nothing of the batch was stored
 * @param inserted        events the batch stored
 * @param duplicates      events stored already, acknowledged without a row
 * @param refused         indexes of the events the database refuses for their data: they are parked
 * @param failed          indexes of the events whose own attempt failed: they are tried again later
 */
public record Settlement(long acknowledgeUpTo, int inserted, int duplicates, List<Integer> refused, List<Integer> failed) {

    /**
     * @param outcomes the outcome of each event, in the order of the deliveries
     * @param tags     the delivery tag of each event, ascending
     */
    public static Settlement of(List<Outcome> outcomes, long[] tags) {
        long upTo = 0;
        int inserted = 0;
        int duplicates = 0;
        List<Integer> refused = new ArrayList<>();
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            switch (outcomes.get(i).result()) {
                case INSERTED -> {
                    inserted++;
                    upTo = tags[i];
                }
                case DUPLICATE -> {
                    duplicates++;
                    upTo = tags[i];
                }
                case REFUSED -> refused.add(i);
                case FAILED -> failed.add(i);
            }
        }
        return new Settlement(upTo, inserted, duplicates, List.copyOf(refused), List.copyOf(failed));
    }
}
