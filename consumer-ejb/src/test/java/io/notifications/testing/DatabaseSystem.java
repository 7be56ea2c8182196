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

    /** The one row of an event, waiting up to {@code timeout} for the consumer to store it; fails unless exactly one. */
    public StoredEvent awaitStored(UUID eventId, Duration timeout) {
        List<StoredEvent> rows = Eventually.within(timeout, () -> rowsOf(eventId), found -> !found.isEmpty());
        if (rows.size() != 1) {
            throw new AssertionError(rows.size() + " rows stored for event " + eventId + " within " + timeout + ", expected 1");
        }
        return rows.get(0);
    }

    public long countRows() {
        try (Connection connection = connect(); Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT count(*) FROM processed_events")) {
            result.next();
            return result.getLong(1);
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
