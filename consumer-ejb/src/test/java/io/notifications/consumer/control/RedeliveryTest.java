package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.notifications.message.Topology;
import io.notifications.message.TraceParent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers a forwarded copy carries: its history of failures travels with it, and the message's own headers too. */
class RedeliveryTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aFirstFailureIsCountedAndMarkedWithItsTime() {
        Map<String, Object> headers = Redelivery.retryHeaders(Map.of(TraceParent.HEADER, TRACE), 1, NOW);

        assertEquals(1, headers.get(Topology.ATTEMPTS_HEADER));
        assertEquals("2026-12-03T10:00:00Z", headers.get(Topology.FIRST_FAILED_AT_HEADER));
        assertEquals(TRACE, headers.get(TraceParent.HEADER), "the trace travels on");
    }

    @Test
    void aLaterFailureKeepsTheTimeOfTheFirst() {
        Map<String, Object> earlier = new HashMap<>();
        earlier.put(Topology.ATTEMPTS_HEADER, 2);
        earlier.put(Topology.FIRST_FAILED_AT_HEADER, "2026-12-03T09:00:00Z");

        Map<String, Object> headers = Redelivery.retryHeaders(earlier, 3, NOW);

        assertEquals(3, headers.get(Topology.ATTEMPTS_HEADER));
        assertEquals("2026-12-03T09:00:00Z", headers.get(Topology.FIRST_FAILED_AT_HEADER));
        assertEquals(2, earlier.get(Topology.ATTEMPTS_HEADER), "the delivery's own headers are not changed");
    }

    @Test
    void aParkedCopySaysWhyAndWhen() {
        Map<String, Object> headers = Redelivery.parkHeaders(null, "database refused the event: 22008", 1, NOW);

        assertEquals("database refused the event: 22008", headers.get(Topology.PARKED_REASON_HEADER));
        assertEquals("2026-12-03T10:00:00Z", headers.get(Topology.PARKED_AT_HEADER));
        assertEquals(1, headers.get(Topology.ATTEMPTS_HEADER));
        assertEquals("2026-12-03T10:00:00Z", headers.get(Topology.FIRST_FAILED_AT_HEADER));
    }

    @Test
    void attemptsAndTraceAreReadFromTheHeadersAndAbsentWithoutThem() {
        assertEquals(0, Redelivery.attempts(null));
        assertEquals(0, Redelivery.attempts(Map.of(Topology.ATTEMPTS_HEADER, "three")));
        assertEquals(4, Redelivery.attempts(Map.of(Topology.ATTEMPTS_HEADER, 4L)));
        assertNull(Redelivery.trace(Map.of(TraceParent.HEADER, "not a traceparent")));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", Redelivery.trace(Map.of(TraceParent.HEADER, TRACE)).traceId());
    }
}
