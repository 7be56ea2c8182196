package io.notifications.api.stream.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.events.entity.TimelinePosition;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PositionsTest {

    @Test
    void eventIdsCompareAsPostgreSqlComparesUuidsUnsignedByteByByte() {
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000"); // negative as a signed long
        Instant now = Instant.now();

        assertTrue(low.compareTo(high) > 0, "Java's own order differs");
        assertTrue(Positions.compare(new TimelinePosition(now, low), new TimelinePosition(now, high)) < 0);
        assertTrue(Positions.compare(new TimelinePosition(now, high), new TimelinePosition(now.plusNanos(1000), low)) < 0);
    }
}
