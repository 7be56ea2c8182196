package io.notifications.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The test database as the tests see it: rows of {@code processed_events}, and a switch that makes it unreachable. */
public final class DatabaseSystem {

    /** One row of {@code processed_events}. */
    public record StoredEvent(UUID eventId, UUID userId, String eventType, String message, String payload, String status,
                              OffsetDateTime createdAt, OffsetDateTime processedAt) {
    }

    private final String host;
    private final int port;
    private final String name;
    private final String user;
    private final String password;
    private final String adminUser;
    private final String adminPassword;

    DatabaseSystem(String host, int port, String name, String user, String password, String adminUser, String adminPassword) {
        this.host = host;
        this.port = port;
        this.name = name;
        this.user = user;
        this.password = password;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** What the server's data source needs, as MicroProfile Config names them. */
    Map<String, String> serverProperties() {
        return Map.of("db.host", host, "db.port", String.valueOf(port), "db.name", name, "db.user", user, "db.password", password);
    }

    void applySchema(Path initSql) throws IOException, SQLException {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            sql.execute(Files.readString(initSql));
        }
    }

    /** The {@code trace_id} of the event's row, or {@code null} when the row has none; fails when there is no row. */
    public String traceIdOf(UUID eventId) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("SELECT trace_id FROM processed_events WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (java.sql.ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no row for event " + eventId);
                }
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code read_at} of the event's row, or {@code null} while it is unread; fails when there is no row. */
    public OffsetDateTime readAtOf(UUID eventId) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("SELECT read_at FROM processed_events WHERE event_id = ?")) {
            query.setObject(1, eventId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new AssertionError("no row for event " + eventId);
                }
                return row.getObject(1, OffsetDateTime.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows some user has marked read. */
    public long countReadRows() {
        return number("SELECT count(*) FROM processed_events WHERE read_at IS NOT NULL");
    }

    public List<StoredEvent> rowsOf(UUID eventId) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT event_id, user_id, event_type, message, payload::text, status, created_at, processed_at "
                             + "FROM processed_events WHERE event_id = ?")) {
            query.setObject(1, eventId);
            List<StoredEvent> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new StoredEvent(result.getObject(1, UUID.class), result.getObject(2, UUID.class), result.getString(3),
                            result.getString(4), result.getString(5), result.getString(6),
                            result.getObject(7, OffsetDateTime.class), result.getObject(8, OffsetDateTime.class)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes rows straight into {@code processed_events}, as if the consumer had stored them, in one transaction: for
     * tests of the read side that need exact times, ties, or rows arriving while they read.
     */
    public void insert(List<StoredEvent> rows) {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO processed_events (event_id, user_id, event_type, message, payload, status, created_at, processed_at) "
                             + "VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)")) {
            for (StoredEvent row : rows) {
                insert.setObject(1, row.eventId());
                insert.setObject(2, row.userId());
                insert.setString(3, row.eventType());
                insert.setString(4, row.message());
                insert.setString(5, row.payload());
                insert.setString(6, row.status());
                insert.setObject(7, row.createdAt());
                insert.setObject(8, row.processedAt());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The one row of an event, waiting up to {@code timeout} for the consumer to store it; fails unless exactly one. */
    public StoredEvent awaitStored(UUID eventId, Duration timeout) {
        List<StoredEvent> rows = Eventually.within(timeout, () -> rowsOf(eventId), found -> !found.isEmpty());
        if (rows.size() != 1) {
            throw new AssertionError(rows.size() + " rows stored for event " + eventId + " within " + timeout + ", expected 1");
        }
        return rows.get(0);
    }

    /** How many transactions inserted the rows of these events (rows of one transaction share its id, {@code xmin}). */
    public long transactionsThatStored(List<UUID> eventIds) {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(DISTINCT xmin::text) FROM processed_events WHERE event_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long countRows() {
        return number("SELECT count(*) FROM processed_events");
    }

    /** The one number a query answers. */
    private long number(String query) {
        try (Connection connection = connect(); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An open transaction holding an event id, so that the consumer's insert of that id waits for it. */
    public interface HeldEventId extends AutoCloseable {
        /** Rolls the transaction back: the consumer's insert can go ahead. */
        @Override
        void close();
    }

    /**
     * Inserts a row for {@code eventId} in a transaction left open until {@link HeldEventId#close()}: each attempt of
     * the consumer to store that event waits on it until the attempt's timeout, while the database answers everything
     * else, as with a deadlock or a long lock held by someone else.
     */
    public HeldEventId holdEventId(UUID eventId) {
        try {
            Connection connection = connect();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO processed_events (event_id, user_id, event_type, message) VALUES (?, ?, 'held', 'held by a test')")) {
                insert.setObject(1, eventId);
                insert.setObject(2, UUID.randomUUID());
                insert.executeUpdate();
            }
            return () -> {
                try (connection) {
                    connection.rollback();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An open transaction that has marked a user's events read and holds their rows, until {@link #close()}. */
    public interface HeldReadMarks extends AutoCloseable {
        /** Rows the transaction marked and holds. */
        int rows();

        /** Rolls the transaction back. */
        @Override
        void close();
    }

    /**
     * Marks every unread event of the user read, as {@code POST .../events/read} with {@code all} does, in a transaction
     * left open until {@link HeldReadMarks#close()}: a mark that takes as long as the test needs.
     */
    public HeldReadMarks markReadAndHold(UUID userId) {
        try {
            Connection connection = connect();
            connection.setAutoCommit(false);
            int rows;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE processed_events SET read_at = statement_timestamp() WHERE user_id = ? AND read_at IS NULL")) {
                update.setObject(1, userId);
                rows = update.executeUpdate();
            }
            return new HeldReadMarks() {
                @Override
                public int rows() {
                    return rows;
                }

                @Override
                public void close() {
                    try (connection) {
                        connection.rollback();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trigger that fails every commit storing one event id, until {@link #close()} drops it. */
    public interface FailingCommits extends AutoCloseable {
        /** Commits the trigger failed so far: each one ran the insert first. */
        long failed();

        /** Drops the trigger: the next commit goes through. */
        @Override
        void close();
    }

    /**
     * Makes every transaction that inserts {@code eventId} fail at its commit, after the insert ran: a constraint
     * trigger deferred to the commit raises a serialization failure (SQLState 40001, as PostgreSQL's own commit-time
     * failures do), while every other event is stored. A sequence, which a rollback does not undo, counts the commits it
     * failed.
     */
    public FailingCommits failCommitsOf(UUID eventId) {
        execute("CREATE SEQUENCE tests_failed_commits",
                "CREATE FUNCTION tests_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        + "PERFORM nextval('tests_failed_commits'); "
                        + "RAISE EXCEPTION 'commit of event % failed by a test', NEW.event_id USING ERRCODE = 'serialization_failure'; "
                        + "END $$",
                "CREATE CONSTRAINT TRIGGER tests_fail_commit AFTER INSERT ON processed_events DEFERRABLE INITIALLY DEFERRED "
                        + "FOR EACH ROW WHEN (NEW.event_id = '" + eventId + "'::uuid) EXECUTE FUNCTION tests_fail_commit()");
        return new FailingCommits() {
            @Override
            public long failed() {
                return number("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM tests_failed_commits");
            }

            @Override
            public void close() {
                execute("DROP TRIGGER tests_fail_commit ON processed_events", "DROP FUNCTION tests_fail_commit()",
                        "DROP SEQUENCE tests_failed_commits");
            }
        };
    }

    private void execute(String... statements) {
        try (Connection connection = connect(); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the database refuse every connection, and ends the open ones, as a database outage would, until
     * {@link #allowConnections()}.
     */
    public void refuseConnections() {
        asAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
    }

    public void allowConnections() {
        asAdmin("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
    }

    private void asAdmin(String... statements) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), adminUser, adminPassword);
             Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url(name), user, password);
    }

    private String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
