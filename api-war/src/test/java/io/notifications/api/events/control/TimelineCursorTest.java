package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.events.entity.TimelinePosition;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursor of a timeline page: it gives back exactly the position it was made of, and nothing else passes for one. */
class TimelineCursorTest {

    private static final UUID EVENT = UUID.fromString("617c2320-1cae-4907-abb7-984198549571");

    @Test
    void aCursorGivesBackTheMicrosecondAndTheEventIdItWasMadeOf() {
        TimelinePosition position = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.123456Z"), EVENT);

        String cursor = TimelineCursor.encode(position);

        assertEquals(Optional.of(position), TimelineCursor.decode(cursor));
    }

    @Test
    void aCursorIsUrlSafeWithoutPadding() {
        // The highest bits set everywhere make base64's '+' and '/' likely: base64url must give '-' and '_'.
        TimelinePosition position = new TimelinePosition(Instant.parse("2026-11-26T10:15:30.999999Z"),
                UUID.fromString("ffffffff-ffff-ffff-ffff-fffffffffffe"));

        String cursor = TimelineCursor.encode(position);

        assertEquals(32, cursor.length());
        assertTrue(cursor.matches("[A-Za-z0-9_-]+"), cursor);
        assertEquals(Optional.of(position), TimelineCursor.decode(cursor));
    }

    @Test
    void instantsBeforeTheEpochAndTiesInTheSameMicrosecondStayApart() {
        TimelinePosition old = new TimelinePosition(Instant.parse("1969-12-31T23:59:59.000001Z"), EVENT);
        TimelinePosition sameTimeOtherEvent = new TimelinePosition(old.createdAt(), UUID.fromString("00000000-0000-0000-0000-000000000001"));

        assertEquals(Optional.of(old), TimelineCursor.decode(TimelineCursor.encode(old)));
        assertNotEquals(TimelineCursor.encode(old), TimelineCursor.encode(sameTimeOtherEvent));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "abc",
            "not a cursor at all, but 32 ch!!",           // 32 characters, not base64url
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",       // base64url, but 27 bytes
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",           // padded
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",           // base64, not base64url
            "gAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"            // the smallest long: long before anything PostgreSQL stores
    })
    void anythingElseIsNoCursor(String text) {
        assertEquals(Optional.empty(), TimelineCursor.decode(text));
    }
}
