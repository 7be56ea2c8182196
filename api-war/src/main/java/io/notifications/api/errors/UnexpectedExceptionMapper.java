package io.notifications.api.errors;


import io.notifications.api.events.control.BatchNotConfirmedException;
import io.notifications.api.messaging.BrokerUnavailableException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else. A broker failure, possibly wrapped by the container on its way out of a producer, and a database
 * that cannot answer a read are 503s the client should retry; any other failure is a 500 whose details stay in the
 * log under an incident id.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    /** Seconds a client is asked to wait before retrying while the broker is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());
    private static final long LOG_503_EVERY_MILLIS = 10_000;
    // During an outage every request fails the same way: one line per interval says so, with a count.
    private static final AtomicLong last503Logged = new AtomicLong();
    private static final AtomicLong unlogged503s = new AtomicLong();

    @Override
    public Response toResponse(Throwable e) {
        for (Throwable cause : causes(e)) {
            if (cause instanceof BrokerUnavailableException unavailable) {
                return brokerUnavailable(unavailable);
            }
            if (cause instanceof BatchNotConfirmedException notConfirmed) {
                return BatchNotConfirmedMapper.answer(notConfirmed);
            }
        }
        if (isDatabaseUnavailable(e)) {
            return databaseUnavailable(e);
        }
        return internalError(e);
    }

    /**
     * A read that failed because the database is down, restarting, out of connections or too slow: worth retrying,
     * unlike a statement the database refuses for its text or data (SQLState classes 22, 23 and 42: a bug, so a 500).
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        boolean fromDatabase = false;
        for (Throwable cause : causes(e)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                return !Set.of("22", "23", "42").contains(sql.getSQLState().substring(0, 2));
            }
            fromDatabase |= cause instanceof PersistenceException || cause instanceof SQLException
                    || cause.getClass().getName().startsWith("jakarta.resource.");
        }
        return fromDatabase;
    }

    static Response databaseUnavailable(Throwable e) {
        log503("the database is unavailable: " + rootCause(e));
        return ErrorBody.response(503, "The database is unavailable; stored events cannot be read or marked read now. Retry later.")
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    static Response brokerUnavailable(BrokerUnavailableException e) {
        log503(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        return ErrorBody.response(503, "The message broker is unavailable; the event was not accepted. Retry later.")
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    /** Logs why the broker made the API answer 503, at most one line per interval with a count of the others. */
    static void log503(String reason) {
        long now = System.currentTimeMillis();
        long last = last503Logged.get();
        if (now - last >= LOG_503_EVERY_MILLIS && last503Logged.compareAndSet(last, now)) {
            long others = unlogged503s.getAndSet(0);
            LOG.warning(() -> "Answered 503: " + reason + (others > 0 ? "; " + others + " more 503s since the last such line" : ""));
        } else {
            unlogged503s.incrementAndGet();
        }
    }

    static Response internalError(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Incident " + incident, e);
        return ErrorBody.response(500, "Internal error (incident " + incident + ")").build();
    }

    /** The failure and its causes, outermost first; a cycle of causes ends the list. */
    static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    /** The innermost cause and the first line of its message, for one log line. */
    private static String rootCause(Throwable failure) {
        List<Throwable> causes = causes(failure);
        Throwable root = causes.get(causes.size() - 1);
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().lines().findFirst().orElse(""));
    }
}
