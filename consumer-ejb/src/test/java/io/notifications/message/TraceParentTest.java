package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsTheSpecificationsExample() {
        TraceParent trace = TraceParent.parse(VALID);

        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
        assertEquals("00f067aa0ba902b7", trace.parentId());
        assertEquals("01", trace.flags());
        assertEquals(VALID, trace.header());
    }

    @Test
    void keepsUnsampledFlags() {
        assertEquals("00", TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").flags());
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertEquals(VALID, TraceParent.parse("  " + VALID + "\t").header());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // a version this service does not know
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // the forbidden version
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01", // not hex
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // trace id one digit short
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",  // parent id one digit short
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",  // flags one digit short
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", // flags not hex
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-", // more after the flags
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01", // other separators
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01,00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "not a traceparent"
    })
    void refusesWhatIsNotATraceparent(String header) {
        assertNull(TraceParent.parse(header));
    }

    @Test
    void startsANewSampledTraceWhenTheHeaderIsInvalid() {
        TraceParent started = TraceParent.parseOrStart("00-00000000000000000000000000000000-00f067aa0ba902b7-01");

        assertNotNull(TraceParent.parse(started.header()), "a started trace is itself a valid traceparent");
        assertEquals("01", started.flags());
    }

    @Test
    void keepsAValidHeadersTrace() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceParent.parseOrStart(VALID).traceId());
    }

    @Test
    void startedTracesDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(TraceParent.start().traceId());
        }
        assertEquals(1_000, ids.size());
    }

    @Test
    void aChildKeepsTraceAndFlagsWithASpanOfItsOwn() {
        TraceParent parent = TraceParent.parse(VALID);
        TraceParent child = parent.child();

        assertEquals(parent.traceId(), child.traceId());
        assertEquals(parent.flags(), child.flags());
        assertNotEquals(parent.parentId(), child.parentId());
        assertTrue(child.parentId().matches("[0-9a-f]{16}") && !child.parentId().equals("0000000000000000"));
        assertNotNull(TraceParent.parse(child.header()));
    }

    @Test
    void traceIdOfAnAmqpHeaderValue() {
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceParent.traceIdOf(new StringBuilder(VALID)));
        assertNull(TraceParent.traceIdOf("garbage"));
        assertNull(TraceParent.traceIdOf(null));
    }
}
