package io.notifications.message;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * An instant as PostgreSQL reads a {@code timestamptz} in text, whatever its DateStyle and TimeZone: how the consumer
 * writes an event's accepted time into its row, and how the API's reads compare rows with an instant.
 */
public final class Timestamptz {

    private Timestamptz() {
    }

    /**
     * The instant to the microsecond (rounded half up, as the JDBC driver does), for every year PostgreSQL can store:
     * {@code Instant.toString()} would give {@code +10000-...} and {@code -0001-...}, which PostgreSQL cannot read.
     */
    public static String of(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        int year = utc.getYear();
        boolean beforeChrist = year <= 0; // year 0 is 1 BC
        // Built by hand: String.format costs more than the rest of a batch row together.
        StringBuilder text = new StringBuilder(34);
        pad(text, beforeChrist ? 1 - year : year, 4).append('-');
        pad(text, utc.getMonthValue(), 2).append('-');
        pad(text, utc.getDayOfMonth(), 2).append(' ');
        pad(text, utc.getHour(), 2).append(':');
        pad(text, utc.getMinute(), 2).append(':');
        pad(text, utc.getSecond(), 2).append('.');
        pad(text, utc.getNano() / 1_000, 6).append("+00");
        return beforeChrist ? text.append(" BC").toString() : text.toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        text.append("0".repeat(Math.max(0, digits - number.length())));
        return text.append(number);
    }
}
