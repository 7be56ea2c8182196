package io.notifications.consumer.control;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Tells a failure worth retrying (the database is down, busy or restarting) from one that will fail the same way
 * forever (the data itself is refused). Anything unrecognised counts as transient: retrying late is better than
 * parking an event that would have been stored.
 */
public final class StoreFailure {

    private StoreFailure() {
    }

    /** {@code true} if the same event can never be stored, whatever the database's state. */
    public static boolean isPermanent(Throwable failure) {
        for (Throwable cause : causes(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String sqlClass = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
                // 22: data exception (bad value, out of range); 23: integrity constraint violation.
                return sqlClass.equals("22") || sqlClass.equals("23");
            }
        }
        return false;
    }

    /** The innermost message of the failure's causes, for one log line. */
    public static String describe(Throwable failure) {
        List<Throwable> causes = causes(failure);
        Throwable root = causes.get(causes.size() - 1);
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** The failure and its causes, outermost first, each once: a cycle of causes ends the list. */
    public static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
