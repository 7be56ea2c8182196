package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How both modules write an instant for PostgreSQL: the consumer's rows, the API's timeline bounds. */
class TimestamptzTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2026-11-26T10:15:30.123456Z,     2026-11-26 10:15:30.123456+00",
            "2026-11-26T10:15:30Z,            2026-11-26 10:15:30.000000+00",
            "2026-11-26T10:15:30.123456499Z,  2026-11-26 10:15:30.123456+00",
            "2026-11-26T10:15:30.1234565Z,    2026-11-26 10:15:30.123457+00",
            "2026-12-31T23:59:59.9999996Z,    2027-01-01 00:00:00.000000+00",
            "1969-12-31T23:59:59.999999Z,     1969-12-31 23:59:59.999999+00",
            "+10000-01-01T00:00:00Z,          10000-01-01 00:00:00.000000+00",
            "0000-06-01T12:00:00Z,            0001-06-01 12:00:00.000000+00 BC",
            "-0001-01-01T00:00:00Z,           0002-01-01 00:00:00.000000+00 BC"})
    void theAcceptedTimeIsWrittenToTheMicrosecondInAFormPostgresReadsForEveryYear(Instant accepted, String text) {
        assertEquals(text, Timestamptz.of(accepted));
    }
}
