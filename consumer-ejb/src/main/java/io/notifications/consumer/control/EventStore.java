package io.notifications.consumer.control;

import io.notifications.message.Event;
import io.notifications.message.JsonBuilders;
import io.notifications.message.Timestamptz;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores events in {@code processed_events}, at most once per event id. */
@Stateless
public class EventStore {

    // One statement text for every batch size (one plan, one server-side prepared statement): the events travel as
    // one JSON array that jsonb_to_recordset turns into rows. An event id twice in one array is inserted once.
    // processed_at is the clock when the row is written, just before the commit; created_at is when the API accepted
    // the event.
    private static final String INSERT_ALL = """
            INSERT INTO processed_events (event_id, user_id, event_type, message, payload, created_at, processed_at, trace_id)
            SELECT e.event_id, e.user_id, e.event_type, e.message, e.payload, e.created_at, clock_timestamp(), e.trace_id
            FROM jsonb_to_recordset(CAST(?1 AS jsonb))
                AS e(event_id uuid, user_id uuid, event_type text, message text, payload jsonb, created_at timestamptz,
                     trace_id text)
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    private static final String PING = "SELECT 1";

    @PersistenceContext(unitName = "notifications")
    EntityManager entityManager;

    @Inject
    @ConfigProperty(name = "consumer.store-timeout-ms")
    int timeoutMillis;

    /**
     * Stores the events with one statement in a transaction of its own, committed when this method returns. Either
     * all of them are stored (or found stored already), or none: one event the database refuses fails the call.
     *
     * @return the ids of the events inserted now; the others were stored already (or earlier in the list)
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Set<UUID> storeAll(List<Event> events) {
        List<?> inserted = entityManager.createNativeQuery(INSERT_ALL)
                .setParameter(1, rows(events))
                .setHint("jakarta.persistence.query.timeout", timeoutMillis)
                .getResultList();
        Set<UUID> ids = new HashSet<>();
        for (Object id : inserted) {
            ids.add(id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()));
        }
        return ids;
    }

    /**
     * A round trip to the database through the same pool, to tell an outage from a failure of one event.
     *
     * @throws RuntimeException when the database cannot be reached
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void ping() {
        entityManager.createNativeQuery(PING).setHint("jakarta.persistence.query.timeout", 5_000).getSingleResult();
    }

    /** The events as the JSON array {@link #INSERT_ALL} reads, in their order, one object per event. */
    static String rows(List<Event> events) {
        JsonArrayBuilder rows = JsonBuilders.array();
        for (Event event : events) {
            JsonObjectBuilder row = JsonBuilders.object()
                    .add("event_id", event.eventId().toString())
                    .add("user_id", event.userId().toString())
                    .add("event_type", event.eventType())
                    .add("message", event.message())
                    .add("created_at", Timestamptz.of(event.acceptedAt()));
            if (event.payload() != null) {
                row.add("payload", event.payload());
            }
            if (event.traceId() != null) {
                row.add("trace_id", event.traceId());
            }
            rows.add(row);
        }
        return rows.build().toString();
    }
}
