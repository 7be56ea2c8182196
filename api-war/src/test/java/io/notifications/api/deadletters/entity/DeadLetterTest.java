package io.notifications.api.deadletters.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final UUID EVENT_ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    @Test
    void everyFieldHasItsJsonName() {
        DeadLetter letter = new DeadLetter(EVENT_ID.toString(), EVENT_ID, "gave up after 5 attempts: deadlock", 5,
                "2026-11-26T10:15:31Z", "2026-11-26T10:16:00Z", "2026-11-26T10:00:00Z", Instant.parse("2026-11-26T10:15:30Z"), 120, "{...}", true, true);

        assertEquals(Json.createObjectBuilder()
                .add("message_id", EVENT_ID.toString())
                .add("event_id", EVENT_ID.toString())
                .add("reason", "gave up after 5 attempts: deadlock")
                .add("attempts", 5)
                .add("first_failed_at", "2026-11-26T10:15:31Z")
                .add("parked_at", "2026-11-26T10:16:00Z")
                .add("replayed_at", "2026-11-26T10:00:00Z")
                .add("timestamp", "2026-11-26T10:15:30Z")
                .add("body_bytes", 120)
                .add("body_utf8", true)
                .add("body", "{...}")
                .add("body_truncated", true)
                .build(), letter.toJson());
    }

    @Test
    void absentValuesAreJsonNullsSoThatEveryEntryHasTheSameShape() {
        JsonObject json = new DeadLetter(null, null, null, 0, null, null, null, null, 3, null, false, false).toJson();

        assertEquals(12, json.size());
        for (String field : List.of("message_id", "event_id", "reason", "first_failed_at", "parked_at", "replayed_at", "timestamp", "body")) {
            assertEquals(JsonValue.NULL, json.get(field), field);
        }
        assertEquals(0, json.getInt("attempts"));
    }

    @Test
    void aListingHasTheTotalTheNumberListedAndTheLettersInOrder() {
        DeadLetter first = new DeadLetter("a", null, "r", 0, null, null, null, null, 1, "x", true, false);
        DeadLetter second = new DeadLetter("b", null, "r", 0, null, null, null, null, 1, "y", true, false);

        JsonObject json = new DeadLetterListing(7, List.of(first, second)).toJson();

        assertEquals(7, json.getInt("total"));
        assertEquals(2, json.getInt("listed"));
        assertEquals(List.of(first.toJson(), second.toJson()), json.getJsonArray("dead_letters"));
    }

    @Test
    void aReplayReportSaysHowManyAndWhyItStopped() {
        assertEquals(Json.createObjectBuilder().add("message", "Replayed 1 parked message to notifications")
                .add("replayed", 1).add("remaining", 0).build(), new ReplayReport(1, 0, null).toJson("notifications"));

        JsonObject stopped = new ReplayReport(2, 5, "RabbitMQ did not confirm").toJson("notifications");
        assertEquals("Replayed 2 parked messages to notifications", stopped.getString("message"));
        assertEquals(5, stopped.getInt("remaining"));
        assertEquals("RabbitMQ did not confirm", stopped.getString("stopped_because"));
    }
}
