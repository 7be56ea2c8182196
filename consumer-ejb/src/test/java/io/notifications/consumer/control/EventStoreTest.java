package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.message.Event;
import io.notifications.message.JsonBuilders;
import io.notifications.message.TraceParent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rows the batch insert hands PostgreSQL: what jsonb_to_recordset reads into the columns. */
class EventStoreTest {

    private static final UUID EVENT = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final UUID USER = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    @Test
    void eachEventIsOneRowWithTheColumnsOfTheTableInTheOrderOfTheBatch() {
        JsonObject payload = JsonBuilders.object().add("n", 1).add("text", "quote \" and ü").build();
        Event first = new Event(EVENT, USER, "user_registered", "Welcome \"you\"!", payload, Instant.parse("2026-11-26T10:15:30.123456Z"));
        Event second = new Event(UUID.randomUUID(), USER, "user_deleted", "Bye", null, Instant.parse("2026-11-26T10:15:31Z"),
                TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        JsonArray rows = Json.createReader(new StringReader(EventStore.rows(List.of(first, second)))).readArray();

        assertEquals(2, rows.size());
        JsonObject row = rows.getJsonObject(0);
        assertEquals(EVENT.toString(), row.getString("event_id"));
        assertEquals(USER.toString(), row.getString("user_id"));
        assertEquals("user_registered", row.getString("event_type"));
        assertEquals("Welcome \"you\"!", row.getString("message"));
        assertEquals(payload, row.getJsonObject("payload"));
        assertEquals("2026-11-26 10:15:30.123456+00", row.getString("created_at"));
        assertEquals(second.eventId().toString(), rows.getJsonObject(1).getString("event_id"));
        assertEquals(false, rows.getJsonObject(1).containsKey("payload"), "no payload: a SQL NULL");
        assertEquals(false, row.containsKey("trace_id"), "no trace: a SQL NULL");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", rows.getJsonObject(1).getString("trace_id"), "the trace id alone, no parent id");
    }
}
