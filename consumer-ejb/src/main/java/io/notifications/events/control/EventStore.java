package io.notifications.events.control;

import io.notifications.events.entity.Event;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores events in {@code processed_events}, at most once per event id. */
@Stateless
public class EventStore {

    // processed_at is the commit's clock; created_at is when the API accepted the event.
    private static final String INSERT = """
            INSERT INTO processed_events (event_id, user_id, event_type, message, payload, created_at, processed_at)
            VALUES (CAST(?1 AS uuid), CAST(?2 AS uuid), ?3, ?4, CAST(?5 AS jsonb), ?6, clock_timestamp())
            ON CONFLICT (event_id) DO NOTHING""";

    private static final String PING = "SELECT 1";

    @PersistenceContext(unitName = "notifications")
    EntityManager entityManager;

    @Inject
    @ConfigProperty(name = "consumer.store-timeout-ms")
    int timeoutMillis;

    /**
     * Stores the event in a transaction of its own, committed when this method returns.
     *
     * @return {@code true} if a row was inserted, {@code false} if the event id was already stored
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean store(Event event) {
        int inserted = entityManager.createNativeQuery(INSERT)
                .setParameter(1, event.eventId().toString())
                .setParameter(2, event.userId().toString())
                .setParameter(3, event.eventType())
                .setParameter(4, event.message())
                .setParameter(5, event.payload() == null ? null : event.payload().toString())
                .setParameter(6, Timestamp.from(event.acceptedAt()))
                .setHint("jakarta.persistence.query.timeout", timeoutMillis)
                .executeUpdate();
        return inserted == 1;
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
}
