package io.notifications.api.logging;

import io.notifications.message.EventLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line, for log shippers: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code message}, {@code thread} (the name when the handler formats on the logging thread, else absent) and
 * {@code thread_id}, {@code event_id} and {@code trace_id} when the line is about an event ({@link EventLog}), and
 * {@code exception} (the stack trace as one string) when there is one.
 *
 * <p>Self-contained (no JSON library): it is handed to the server's own handlers, which format records long after, and
 * far from, the code that logged them.
 */
public class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        field(json, "level", record.getLevel().getName());
        field(json, "logger", record.getLoggerName());
        field(json, "message", formatMessage(record));
        Thread current = Thread.currentThread();
        if (current.getId() == record.getLongThreadID()) {
            field(json, "thread", current.getName());
        }
        json.append(",\"thread_id\":").append(record.getLongThreadID());
        EventLog.Context context = context(record);
        if (context != null) {
            field(json, "event_id", context.eventId());
            field(json, "trace_id", context.traceId());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            field(json, "exception", trace.toString().stripTrailing());
        }
        return json.append("}\n").toString();
    }

    /** The message with its {@code {0}} parameters filled in; an event's context is no such parameter. */
    @Override
    public String formatMessage(LogRecord record) {
        return context(record) != null ? String.valueOf(record.getMessage()) : super.formatMessage(record);
    }

    private static EventLog.Context context(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 && parameters[0] instanceof EventLog.Context context ? context : null;
    }

    /** Adds {@code "name":"value"}; a {@code null} value leaves the field out. */
    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":");
        quote(json, value);
    }

    static void quote(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    // Control characters, and the line and paragraph separators some readers take for line ends
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
