package io.notifications.api.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.entity.StoredEvent;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LastEventIdTest {

    private static final UUID USER = UUID.randomUUID();
    private static final StoredEvent STORED = new StoredEvent(UUID.randomUUID(), USER, "t", "m", null, "PROCESSED",
            Instant.parse("2026-12-04T10:00:00.123456Z"), null);

    private static Optional<StoredEvent> find(UUID id) {
        return id.equals(STORED.eventId()) ? Optional.of(STORED) : Optional.empty();
    }

    @Test
    void noHeaderOrAnEmptyOneStartsLive() {
        assertNull(LastEventId.resume(USER, null, LastEventIdTest::find));
        assertNull(LastEventId.resume(USER, " ", LastEventIdTest::find));
    }

    @Test
    void aStoredEventOfTheUserResumesAfterItsPlace() {
        assertEquals(STORED, LastEventId.resume(USER, STORED.eventId().toString(), LastEventIdTest::find));
    }

    @Test
    void anUnknownIdAnotherUsersOrNoUuidIsRefusedNamingTheHeader() {
        for (Runnable refused : new Runnable[] {
                () -> LastEventId.resume(USER, UUID.randomUUID().toString(), LastEventIdTest::find),
                () -> LastEventId.resume(UUID.randomUUID(), STORED.eventId().toString(), LastEventIdTest::find),
                () -> LastEventId.resume(USER, "42", LastEventIdTest::find)}) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, refused::run);
            assertEquals(LastEventId.HEADER, e.errors().get(0).field());
        }
    }
}
