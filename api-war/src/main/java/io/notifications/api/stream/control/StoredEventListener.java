package io.notifications.api.stream.control;

import io.notifications.api.events.control.StoredEvents;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Hears from PostgreSQL which events were stored, by any instance's consumer, and hands those of users with a stream
 * open here to {@link OpenStreams}. It holds one connection of its own, not from the pool (a pooled connection is
 * handed to others between uses, and LISTEN belongs to the session), made from the same settings as the data source
 * ({@code db.host}, {@code db.port}, {@code db.name}, {@code db.user}, {@code db.password}), from the start of the
 * application to its end, whether or not a stream is open: one idle connection per instance, and no first stream
 * waiting for it to connect. Why LISTEN/NOTIFY: docs/adr/0006-listen-notify-for-live-streams.md.
 *
 * <p>Notifications sent while it is disconnected are lost: after each (re)connection, once it listens again, every
 * open stream catches up from the database since the newest event it sent.
 */
@ApplicationScoped
public class StoredEventListener {

    private static final Logger LOG = Logger.getLogger(StoredEventListener.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** How the connection names itself to PostgreSQL ({@code pg_stat_activity.application_name}). */
    public static final String APPLICATION_NAME = "notification-api stream listener";

    // The data source's settings (server-config/data-source.asadmin), required as they are there: no defaults of its own.
    @Inject
    @ConfigProperty(name = "db.host")
    String host;

    @Inject
    @ConfigProperty(name = "db.port")
    int port;

    @Inject
    @ConfigProperty(name = "db.name")
    String database;

    @Inject
    @ConfigProperty(name = "db.user")
    String user;

    @Inject
    @ConfigProperty(name = "db.password")
    String password;

    /** How long one wait for notifications lasts: also how soon the listener notices the application stopping. */
    @Inject
    @ConfigProperty(name = "stream.listen-poll-ms", defaultValue = "500")
    int pollMillis;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    OpenStreams streams;

    @EJB
    StoredEvents storedEvents;

    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        running = true;
        thread = threads.newThread(this::listen);
        thread.setName("notification-stream-listener");
        thread.start();
    }

    private void listen() {
        int failures = 0;
        while (running) {
            try (Connection listening = connect(); Statement sql = listening.createStatement()) {
                sql.execute("LISTEN " + StoredNotices.CHANNEL);
                connection = listening;
                if (failures > 0) {
                    LOG.info("Listening for stored events again; the open streams catch up from the database");
                }
                failures = 0;
                streams.catchUpAll();
                PGConnection notices = listening.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notices.getNotifications(pollMillis);
                    if (received != null && received.length > 0) {
                        deliver(received);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                failures++;
                long wait = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(failures - 1, 5));
                wait = wait / 2 + ThreadLocalRandom.current().nextLong(wait / 2 + 1);
                LOG.log(failures == 1 ? Level.WARNING : Level.FINE, "Not listening for stored events (" + e
                        + "): live streams wait; trying again in " + wait + " ms", failures == 1 ? e : null);
                sleep(wait);
            } finally {
                connection = null;
            }
        }
    }

    /** The stored events of these notifications whose users have a stream here, read in one query, then sent. */
    private void deliver(PGNotification[] received) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (PGNotification notice : received) {
            if (StoredNotices.CHANNEL.equals(notice.getName())) {
                StoredNotices.eventIdsOf(notice.getParameter(), streams::watches, ids);
            }
        }
        if (!ids.isEmpty()) {
            // A failure here is the listener's: it reconnects, and the streams catch up what this read would have sent.
            streams.deliver(storedEvents.findAll(ids));
        }
    }

    private Connection connect() throws SQLException {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {host});
        source.setPortNumbers(new int[] {port});
        source.setDatabaseName(database);
        source.setUser(user);
        source.setPassword(password);
        source.setConnectTimeout(5);
        source.setTcpKeepAlive(true);
        source.setApplicationName(APPLICATION_NAME);
        return source.getConnection();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        Connection open = connection;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing the listening connection", e);
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
