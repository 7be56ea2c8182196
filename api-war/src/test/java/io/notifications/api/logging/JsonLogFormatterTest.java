package io.notifications.api.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.EventLog;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A log line as a log shipper reads it: one JSON object per line, with the event and its trace as fields. */
class JsonLogFormatterTest {

    private static final String EVENT = "617c2320-1cae-4907-abb7-984198549571";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @Test
    void anEventsLineHasItsIdAndTraceAsFieldsOfTheirOwn() {
        LogRecord record = logged(Level.WARNING, EVENT, TRACE, "Parked message " + EVENT + ": bad");

        String line = formatter.format(record);
        JsonObject json = parse(line);

        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        assertEquals("WARNING", json.getString("level"));
        assertEquals("io.notifications.Test", json.getString("logger"));
        assertEquals("Parked message " + EVENT + ": bad (trace " + TRACE + ")", json.getString("message"));
        assertEquals(EVENT, json.getString("event_id"));
        assertEquals(TRACE, json.getString("trace_id"));
        assertEquals(Thread.currentThread().getName(), json.getString("thread"));
        assertEquals(Thread.currentThread().getId(), json.getJsonNumber("thread_id").longValue());
        assertEquals(java.time.Instant.ofEpochMilli(record.getMillis()).toString(), json.getString("timestamp"));
        assertFalse(json.containsKey("exception"));
    }

    @Test
    void aLineAboutNoEventHasNoSuchFieldsAndItsParametersFilledIn() {
        LogRecord record = new LogRecord(Level.INFO, "Consumer reads {0} with prefetch {1}");
        record.setParameters(new Object[] {"notification_events", 1000});
        record.setLoggerName("x");

        JsonObject json = parse(formatter.format(record));

        assertEquals("Consumer reads notification_events with prefetch 1,000", json.getString("message"));
        assertFalse(json.containsKey("event_id"));
        assertFalse(json.containsKey("trace_id"));
    }

    @Test
    void anEventWithoutTraceHasNoTraceField() {
        JsonObject json = parse(formatter.format(logged(Level.INFO, EVENT, null, "Stored event")));

        assertEquals(EVENT, json.getString("event_id"));
        assertFalse(json.containsKey("trace_id"));
        assertEquals("Stored event", json.getString("message"));
    }

    @Test
    void quotesBackslashesLineBreaksAndControlCharactersStayInsideTheString() {
        String nasty = "a \"quoted\" \\ path\nsecond line\r\tand \u0001 \u2028 end";
        LogRecord record = new LogRecord(Level.SEVERE, nasty);
        record.setLoggerName("x");

        String line = formatter.format(record);

        assertEquals(1, line.split("\n", -1).length - 1, "exactly one line end: " + line);
        assertFalse(line.contains("\u2028"), "a separator some readers take for a line end is escaped");
        assertEquals(nasty, parse(line).getString("message"));
    }

    @Test
    void anExceptionIsOneStringWithItsStackTrace() {
        LogRecord record = new LogRecord(Level.SEVERE, "Incident 42");
        record.setLoggerName("x");
        record.setThrown(new IllegalStateException("broken", new java.io.IOException("cause")));

        String exception = parse(formatter.format(record)).getString("exception");

        assertTrue(exception.startsWith("java.lang.IllegalStateException: broken\n\tat "), exception);
        assertTrue(exception.contains("Caused by: java.io.IOException: cause"), exception);
    }

    @Test
    void eventLogWritesNothingBelowTheLoggersLevel() {
        Logger logger = Logger.getLogger("io.notifications.api.logging.quiet");
        List<LogRecord> published = capture(logger);
        logger.setLevel(Level.INFO);
        boolean[] built = {false};

        EventLog.log(logger, Level.FINE, EVENT, TRACE, () -> {
            built[0] = true;
            return "Stored event";
        });

        assertTrue(published.isEmpty());
        assertFalse(built[0], "the message is not even built");
    }

    @Test
    void logFormatGivesTheHandlersTheFormatterAndTheirOwnBack() {
        Logger logger = Logger.getLogger("io.notifications.api.logging.switched");
        logger.setUseParentHandlers(false);
        Handler handler = new Handler() {
            @Override public void publish(LogRecord record) { }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Formatter original = new java.util.logging.SimpleFormatter();
        handler.setFormatter(original);
        logger.addHandler(handler);
        LogFormat format = new LogFormat();

        format.install(logger, formatter);
        assertTrue(handler.getFormatter() == formatter);
        format.restore();
        assertTrue(handler.getFormatter() == original);
        logger.removeHandler(handler);
    }

    private static LogRecord logged(Level level, String eventId, String traceId, String message) {
        Logger logger = Logger.getLogger("io.notifications.Test");
        logger.setLevel(Level.ALL);
        List<LogRecord> published = capture(logger);
        EventLog.log(logger, level, eventId, traceId, () -> message);
        assertEquals(1, published.size());
        return published.get(0);
    }

    private static List<LogRecord> capture(Logger logger) {
        List<LogRecord> published = new ArrayList<>();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override public void publish(LogRecord record) { published.add(record); }
            @Override public void flush() { }
            @Override public void close() { }
        });
        return published;
    }

    private static JsonObject parse(String line) {
        return Json.createReader(new StringReader(line)).readObject();
    }
}
