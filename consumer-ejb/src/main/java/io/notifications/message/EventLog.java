package io.notifications.message;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log lines about one event. The text names the event and its trace (so the server's plain log shows them), and the
 * record carries both as a {@link Context} parameter, which {@code JsonLogFormatter} (api-war) writes as fields of their own
 * ({@code event_id}, {@code trace_id}). A parameter rather than a subclass of {@link LogRecord}: Payara's file handler
 * copies each record into one of its own, parameters included.
 */
public final class EventLog {

    /** The event a log record is about; either may be {@code null}. */
    public record Context(String eventId, String traceId) {
    }

    private EventLog() {
    }

    /**
     * Logs {@code message}, built only when the level is enabled, followed by {@code (trace <id>)} when there is a trace.
     * The message must not use {@code {0}}-style placeholders: the record's parameter is the context, not a value.
     */
    public static void log(Logger logger, Level level, Object eventId, String traceId, Supplier<String> message) {
        if (!logger.isLoggable(level)) {
            return;
        }
        String text = traceId == null ? message.get() : message.get() + " (trace " + traceId + ")";
        LogRecord record = new LogRecord(level, text);
        record.setLoggerName(logger.getName());
        record.setSourceClassName(logger.getName());
        record.setSourceMethodName("");
        record.setParameters(new Object[] {new Context(eventId == null ? null : eventId.toString(), traceId)});
        logger.log(record);
    }
}
