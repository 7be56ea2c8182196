package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.api.events.entity.StoredEvent;
import io.notifications.message.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A stored event as the read API answers it: the POST body's field names, status, and ISO-8601 times in UTC. */
class EventAnswersTest {

    private static final UUID EVENT = UUID.fromString("617c2320-1cae-4907-abb7-984198549571");
    private static final UUID USER = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    @Test
    void everyColumnIsAFieldNamedAsInThePostBody() {
        JsonObject payload = JsonBuilders.object().add("email", "test@example.com").build();
        StoredEvent event = new StoredEvent(EVENT, USER, "user_registered", "Welcome!", payload, "PROCESSED",
                Instant.parse("2026-11-26T10:15:30.123456Z"), Instant.parse("2026-11-26T10:15:30.240001Z"),
                "4bf92f3577b34da6a3ce929d0e0e4736", Instant.parse("2026-11-27T08:00:00.5Z"));

        JsonObject json = EventAnswers.stored(event);

        assertEquals(JsonBuilders.object()
                .add("event_id", EVENT.toString())
                .add("user_id", USER.toString())
                .add("event_type", "user_registered")
                .add("message", "Welcome!")
                .add("payload", payload)
                .add("status", "PROCESSED")
                .add("created_at", "2026-11-26T10:15:30.123456Z")
                .add("processed_at", "2026-11-26T10:15:30.240001Z")
                .add("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
                .add("read_at", "2026-11-27T08:00:00.500Z")
                .build(), json);
    }

    @Test
    void aMissingPayloadProcessingTimeTraceIdOrReadTimeIsNullNotAbsent() {
        StoredEvent event = new StoredEvent(EVENT, USER, "t", "m", null, "PROCESSED", Instant.parse("2026-11-26T10:15:30Z"), null);

        JsonObject json = EventAnswers.stored(event);

        assertEquals(JsonValue.NULL, json.get("payload"));
        assertEquals(JsonValue.NULL, json.get("processed_at"));
        assertEquals(JsonValue.NULL, json.get("trace_id"));
        assertEquals(JsonValue.NULL, json.get("read_at"), "unread");
        assertEquals("2026-11-26T10:15:30Z", json.getString("created_at"));
    }

    @Test
    void markingGivenIdsAnswersAllThreeCountsAndMarkingAllOnlyMarked() {
        assertEquals("{\"marked\":2,\"already_read\":1,\"unknown\":3}",
                EventAnswers.read(new io.notifications.api.events.entity.ReadReport(2, 1, 3)).toString());
        assertEquals("{\"marked\":1500}", EventAnswers.readAll(1500).toString());
    }

    @Test
    void theUnreadCountIsExactUpToTheCapAndTheCapWithCappedAbove() {
        assertEquals("{\"unread\":0,\"capped\":false}", EventAnswers.unreadCount(0, 10_000).toString());
        assertEquals("{\"unread\":10000,\"capped\":false}", EventAnswers.unreadCount(10_000, 10_000).toString());
        assertEquals("{\"unread\":10000,\"capped\":true}", EventAnswers.unreadCount(10_001, 10_000).toString());
    }
}
