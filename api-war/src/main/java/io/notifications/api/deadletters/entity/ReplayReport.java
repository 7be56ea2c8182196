package io.notifications.api.deadletters.entity;

import io.notifications.message.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * What one call replaying the oldest parked messages did.
 *
 * @param replayed       messages published again and removed from the dead-letter queue
 * @param remaining      of the messages parked when the call began, those still parked (messages parked meanwhile,
 *                       such as replayed ones the consumer parked again, are not counted)
 * @param stoppedBecause why it stopped before its limit and before the queue was empty, or {@code null}
 */
public record ReplayReport(int replayed, long remaining, String stoppedBecause) {

    public JsonObject toJson(String destination) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("message", "Replayed " + replayed + " parked message" + (replayed == 1 ? "" : "s") + " to " + destination)
                .add("replayed", replayed)
                .add("remaining", remaining);
        if (stoppedBecause != null) {
            json.add("stopped_because", stoppedBecause);
        }
        return json.build();
    }
}
