package io.notifications.api.events.control;

import io.notifications.api.events.entity.ReadReport;
import io.notifications.api.events.entity.StoragePosition;
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
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The API's side of {@code processed_events}, through a persistence unit of its own ({@code events-read}); the
 * consumer inserts through its own. It reads one event by its id, a user's timeline a page at a time, and the number
 * of a user's unread events, without a transaction of its own. Its one write is a user's read state: marking events
 * read sets {@code read_at} on existing rows of that user, once, in a short transaction that never inserts and locks
 * only the rows it marks: the consumer's inserts of new rows never wait for it (only a redelivered copy of an event
 * being marked at that instant waits for the mark's commit, as {@code ON CONFLICT} waits for any writer of that row).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class StoredEvents {

    private static final String COLUMNS = "SELECT event_id, user_id, event_type, message, CAST(payload AS text), status, "
            + "created_at, processed_at, trace_id, read_at\nFROM processed_events\n";

    private static final String FIND = COLUMNS + "WHERE event_id = CAST(?1 AS uuid)";

    /** The keys of an unread page: only columns of the timeline's index, so that the scan never reads the table. */
    private static final String UNREAD_KEYS = "SELECT event_id\nFROM processed_events\n";

    /**
     * The user's unread events, counted up to a cap: an index-only scan of the user's entries in
     * {@code processed_events_user_newest_idx}, filtered on the {@code read_at} it includes. It reads no row of the
     * table, but every entry of the user's until the cap is reached.
     */
    static final String COUNT_UNREAD = """
            SELECT count(*) FROM (
                SELECT 1 FROM processed_events WHERE user_id = CAST(?1 AS uuid) AND read_at IS NULL LIMIT ?2) AS unread""";

    /**
     * Marks the given events of the user read, those still unread only (a second mark keeps the first instant), and
     * counts, from the statement's snapshot, how many of the ids are the user's. An id of another user's event is
     * neither changed nor told apart from an unknown one. A row a concurrent mark holds is waited for, then re-checked
     * and left alone: it counts as read before.
     */
    static final String MARK_READ = """
            WITH found AS (
                SELECT event_id FROM processed_events
                WHERE event_id = ANY (CAST(?2 AS uuid[])) AND user_id = CAST(?1 AS uuid)),
            marked AS (
                UPDATE processed_events SET read_at = statement_timestamp()
                WHERE event_id = ANY (CAST(?2 AS uuid[])) AND user_id = CAST(?1 AS uuid) AND read_at IS NULL
                RETURNING event_id)
            SELECT (SELECT count(*) FROM found), (SELECT count(*) FROM marked)""";

    /**
     * Marks the next {@code ?4} of the user's unread events below a position read, newest first: one bounded
     * transaction of the loop that marks all of them, so that no transaction holds many row locks or runs long. Each
     * transaction goes on below the last one's oldest candidate, so the loop reads each entry once, and never marks
     * an event stored after it began. Answers the candidates found, how many it marked (a candidate a concurrent mark
     * took is left alone), and the oldest candidate's position.
     */
    static final String MARK_UNREAD_READ = """
            WITH candidates AS (
                SELECT event_id, created_at FROM processed_events
                WHERE user_id = CAST(?1 AS uuid) AND read_at IS NULL
                  AND (created_at, event_id) < (CAST(?2 AS timestamptz), CAST(?3 AS uuid))
                ORDER BY created_at DESC, event_id DESC
                LIMIT ?4),
            marked AS (
                UPDATE processed_events SET read_at = statement_timestamp()
                WHERE event_id IN (SELECT event_id FROM candidates) AND read_at IS NULL
                RETURNING 1),
            oldest AS (
                SELECT created_at, event_id FROM candidates ORDER BY created_at, event_id LIMIT 1)
            SELECT (SELECT count(*) FROM candidates), (SELECT count(*) FROM marked),
                   (SELECT created_at FROM oldest), (SELECT event_id FROM oldest)""";

    /** Above every position: where marking all of a user's events starts. */
    private static final List<Object> TOP = List.of("infinity", "ffffffff-ffff-ffff-ffff-ffffffffffff");
    // The live streams': the events of one notification by id, and a user's events after a place, both oldest first.
    private static final String FIND_ALL = COLUMNS + "WHERE event_id = ANY (CAST(?1 AS uuid[]))\nORDER BY created_at, event_id";
    // A user's events in the order they were stored: one range of processed_events_user_stored_idx. Rows without
    // processed_at were not stored by the consumer (nor announced to any stream) and are never caught up.
    private static final String STORED_AFTER = COLUMNS + "WHERE user_id = CAST(?1 AS uuid)\n"
            + "  AND (processed_at, event_id) > (CAST(?2 AS timestamptz), CAST(?3 AS uuid))\nORDER BY processed_at, event_id\nLIMIT ?4";

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

    /**
     * The user's unread events, counted up to {@code cap + 1}: more than {@code cap} means at least that many.
     */
    public long countUnread(UUID userId, int cap) {
        Object count = query(new Statement(COUNT_UNREAD, List.of(userId.toString(), cap + 1))).getSingleResult();
        return ((Number) count).longValue();
    }

    /**
     * Marks those of the events that are the user's and unread as read, now, in one transaction; the others are left
     * as they are.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ReadReport markRead(UUID userId, Set<UUID> eventIds) {
        Object[] counts = (Object[]) query(markReadStatement(userId, eventIds)).getSingleResult();
        long found = ((Number) counts[0]).longValue();
        long marked = ((Number) counts[1]).longValue();
        return new ReadReport(marked, Math.max(0, found - marked), Math.max(0, eventIds.size() - found));
    }

    /**
     * Marks up to {@code most} of the user's unread events below {@code below} read, newest first, now, in one
     * transaction.
     *
     * @param below where the previous transaction stopped, or {@code null} to start above the newest event
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public UnreadMarked markUnreadRead(UUID userId, TimelinePosition below, int most) {
        Object[] row = (Object[]) query(markUnreadStatement(userId, below, most)).getSingleResult();
        int candidates = ((Number) row[0]).intValue();
        TimelinePosition oldest = candidates == 0 ? null : new TimelinePosition(instant(row[2]), uuid(row[3]));
        return new UnreadMarked(candidates, ((Number) row[1]).intValue(), oldest);
    }

    /**
     * What one transaction of marking all read did.
     *
     * @param candidates unread events it found, at most the number asked: fewer means there are no more
     * @param marked     those it marked; the others a concurrent mark took first
     * @param oldest     the oldest candidate's position, where the next transaction goes on, or {@code null} when none
     */
    public record UnreadMarked(int candidates, int marked, TimelinePosition oldest) {
    }

    static Statement markUnreadStatement(UUID userId, TimelinePosition below, int most) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(userId.toString());
        parameters.addAll(below == null ? TOP : List.of(Timestamptz.of(below.createdAt()), below.eventId().toString()));
        parameters.add(most);
        return new Statement(MARK_UNREAD_READ, List.copyOf(parameters));
    }

    /** {@link #MARK_READ} with its parameters: the ids as a PostgreSQL array literal, in a stable order. */
    static Statement markReadStatement(UUID userId, Set<UUID> eventIds) {
        String ids = eventIds.stream().map(UUID::toString).sorted().collect(Collectors.joining(",", "{", "}"));
        return new Statement(MARK_READ, List.of(userId.toString(), ids));
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
     * Up to {@code limit} of the user's events stored strictly after {@code position}, in the order they were stored:
     * one range of {@code processed_events_user_stored_idx}.
     */
    public List<StoredEvent> storedAfter(UUID userId, StoragePosition position, int limit) {
        return events(query(new Statement(STORED_AFTER, List.of(userId.toString(), Timestamptz.of(position.storedAt()),
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
     * {@code until} bound the same range; {@code event_type} is not in the index and filters the rows read. The unread
     * timeline first selects the page's keys from the same range, filtered on the {@code read_at} the index includes:
     * an index-only scan that skips read events without reading their rows. Then it reads the page's rows by id.
     * Optional filters change the text rather than appear as {@code ? IS NULL OR ...}: such a test would keep the
     * planner from using them as index bounds in a generic plan.
     */
    static Statement timelineStatement(TimelineQuery timeline) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder(timeline.unreadOnly() ? UNREAD_KEYS : COLUMNS);
        sql.append("WHERE user_id = CAST(").append(parameter(parameters, timeline.userId().toString())).append(" AS uuid)");
        if (timeline.unreadOnly()) {
            sql.append("\n  AND read_at IS NULL");
        }
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
        if (timeline.unreadOnly()) {
            // The keys above, indented, select the rows of the page.
            sql = new StringBuilder(COLUMNS).append("WHERE event_id IN (\n    ").append(sql.toString().replace("\n", "\n    "))
                    .append(")\nORDER BY created_at DESC, event_id DESC");
        }
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
                (String) row[5], instant(row[6]), instant(row[7]), (String) row[8], instant(row[9]));
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
