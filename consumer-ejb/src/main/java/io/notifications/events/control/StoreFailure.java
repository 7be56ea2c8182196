package io.notifications.events.control;

import java.sql.SQLException;

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
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String sqlClass = sql.getSQLState().length() >= 2 ? sql.getSQLState().substring(0, 2) : "";
                // 22: data exception (bad value, out of range); 23: integrity constraint violation.
                return sqlClass.equals("22") || sqlClass.equals("23");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The innermost message of the failure's causes, for one log line. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
