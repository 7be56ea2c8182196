package io.notifications.api.events.control;

import io.notifications.api.events.entity.StoredEvent;
import io.notifications.api.events.entity.TimelinePage;
import io.notifications.api.events.entity.TimelinePosition;
import io.notifications.api.events.entity.TimelineQuery;
import io.notifications.message.Timestamptz;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The read side of {@code processed_events}: one event by its id, and a user's timeline a page at a time. It only
 * reads, and starts no transaction of its own, through a persistence unit of the API's own ({@code events-read}); the
 * consumer writes through its own.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class StoredEvents {

    private static final String COLUMNS = "SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, "
            + "created_at, processed_at, trace_id\nFROM processed_events\n";

    private static final String FIND = COLUMNS + "WHERE event_id = CAST(?1 AS uuid)";

    // The live streams': the events of one notification by id, and a user's events after a place, both oldest first.
    private static final String FIND_ALL = COLUMNS + "WHERE event_id = ANY (CAST(?1 AS uuid[]))\nORDER BY created_at, event_id";
    private static final String AFTER = COLUMNS + "WHERE user_id = CAST(?1 AS uuid)\n"
            + "  AND (created_at, event_id) > (CAST(?2 AS timestamptz), CAST(?3 AS uuid))\nORDER BY created_at, event_id\nLIMIT ?4";

    // A page that waits longer than this on the database holds an HTTP thread and a pooled connection for nothing.
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @PersistenceContext(unitName = "events-read")
    EntityManager entityManager;

    /** The stored event, or empty when no event with this id is stored (yet: it may still wait in the queue). */
    public Optional<StoredEvent> find(UUID eventId) {
        List<?> rows = query(new Statement(FIND, List.of(eventId.toString()))).getResultList();
        return rows.stream().findFirst().map(row -> event((Object[]) row));
    }

    /** One page of the user's timeline, newest first, and where the next one starts if there are more events. */
    public TimelinePage timeline(TimelineQuery timeline) {
        List<StoredEvent> events = new ArrayList<>(timeline.limit() + 1);
        for (Object row : query(timelineStatement(timeline)).getResultList()) {
            events.add(event((Object[]) row));
        }
        // One row more than the page was read: if it came, there is a next page, and it starts after the page's last.
        if (events.size() <= timeline.limit()) {
            return new TimelinePage(events, null);
        }
        List<StoredEvent> page = List.copyOf(events.subList(0, timeline.limit()));
        return new TimelinePage(page, page.get(page.size() - 1).position());
    }

    /** The stored events among these ids, oldest first in the timeline's order ({@code created_at}, {@code event_id}). */
    public List<StoredEvent> findAll(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        StringJoiner ids = new StringJoiner(",", "{", "}");
        eventIds.forEach(id -> ids.add(id.toString()));
        return events(query(new Statement(FIND_ALL, List.of(ids.toString()))).getResultList());
    }

    /**
     * Up to {@code limit} of the user's events strictly after {@code position} in the timeline's order, oldest first:
     * one range of {@code processed_events_user_newest_idx}, read backwards.
     */
    public List<StoredEvent> after(UUID userId, TimelinePosition position, int limit) {
        return events(query(new Statement(AFTER, List.of(userId.toString(), Timestamptz.of(position.createdAt()),
                position.eventId().toString(), limit))).getResultList());
    }

    private static List<StoredEvent> events(List<?> rows) {
        List<StoredEvent> events = new ArrayList<>(rows.size());
        for (Object row : rows) {
            events.add(event((Object[]) row));
        }
        return events;
    }

    /** SQL text with positional parameters {@code ?1 .. ?n}, and their values in that order. */
    record Statement(String sql, List<Object> parameters) {
    }

    /**
     * The page's query. The plain timeline is one range of {@code processed_events_user_newest_idx}, read in its
     * order: {@code user_id} equal, then {@code (created_at, event_id)} below the cursor as one row comparison, which
     * PostgreSQL uses as a bound of the index scan, so a deep page costs what the first one does. {@code since} and
     * {@code until} bound the same range; {@code event_type} is not in the index and filters the rows read.
     * Optional filters change the text rather than appear as {@code ? IS NULL OR ...}: such a test would keep the
     * planner from using them as index bounds in a generic plan.
     */
    static Statement timelineStatement(TimelineQuery timeline) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(COLUMNS);
        sql.append("WHERE user_id = CAST(").append(parameter(parameters, timeline.userId().toString())).append(" AS uuid)");
        if (timeline.before() != null) {
            String createdAt = parameter(parameters, Timestamptz.of(timeline.before().createdAt()));
            String eventId = parameter(parameters, timeline.before().eventId().toString());
            sql.append("\n  AND (created_at, event_id) < (CAST(").append(createdAt).append(" AS timestamptz), CAST(")
                    .append(eventId).append(" AS uuid))");
        }
        if (timeline.eventType() != null) {
            sql.append("\n  AND event_type = ").append(parameter(parameters, timeline.eventType()));
        }
        if (timeline.since() != null) {
            sql.append("\n  AND created_at >= CAST(").append(parameter(parameters, Timestamptz.of(timeline.since())))
                    .append(" AS timestamptz)");
        }
        if (timeline.until() != null) {
            sql.append("\n  AND created_at < CAST(").append(parameter(parameters, Timestamptz.of(timeline.until())))
                    .append(" AS timestamptz)");
        }
        sql.append("\nORDER BY created_at DESC, event_id DESC\nLIMIT ").append(parameter(parameters, timeline.limit() + 1));
        return new Statement(sql.toString(), List.copyOf(parameters));
    }

    private static String parameter(List<Object> parameters, Object value) {
        parameters.add(value);
        return "?" + parameters.size();
    }

    private Query query(Statement statement) {
        Query query = entityManager.createNativeQuery(statement.sql())
                .setHint("jakarta.persistence.query.timeout", READ_TIMEOUT_MILLIS);
        for (int i = 0; i < statement.parameters().size(); i++) {
            query.setParameter(i + 1, statement.parameters().get(i));
        }
        return query;
    }

    /** A row of {@link #COLUMNS}, with the types the PostgreSQL driver gives them. */
    static StoredEvent event(Object[] row) {
        return new StoredEvent(uuid(row[0]), uuid(row[1]), (String) row[2], (String) row[3], payload((String) row[4]),
                (String) row[5], instant(row[6]), instant(row[7]), (String) row[8]);
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    private static JsonObject payload(String json) {
        if (json == null) {
            return null;
        }
        try (JsonReader reader = READERS.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offsetDateTime) {
            return offsetDateTime.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("A timestamptz column came back as " + value.getClass().getName());
    }
}
