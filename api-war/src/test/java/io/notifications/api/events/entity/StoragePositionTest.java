package io.notifications.api.events.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoragePositionTest {

    @Test
    void eventIdsCompareAsPostgreSqlComparesUuidsUnsignedByteByByte() {
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000"); // negative as a signed long
        Instant now = Instant.now();

        assertTrue(low.compareTo(high) > 0, "Java's own order differs");
        assertTrue(new StoragePosition(now, low).compareTo(new StoragePosition(now, high)) < 0);
        assertTrue(new StoragePosition(now, high).compareTo(new StoragePosition(now.plusNanos(1000), low)) < 0);
    }

    @Test
    void anEventStandsWhereItWasStoredNotWhereItWasAccepted() {
        Instant accepted = Instant.parse("2026-12-04T10:00:00Z");
        Instant stored = accepted.plusSeconds(300); // a retry
        UUID id = UUID.randomUUID();
        StoredEvent retried = new StoredEvent(id, UUID.randomUUID(), "t", "m", null, "PROCESSED", accepted, stored);
        StoredEvent writtenByHand = new StoredEvent(id, UUID.randomUUID(), "t", "m", null, "PROCESSED", accepted, null);

        assertEquals(new StoragePosition(stored, id), retried.storagePosition());
        assertEquals(new StoragePosition(accepted, id), writtenByHand.storagePosition());
        assertEquals(StoragePosition.before(stored.minusSeconds(35)), retried.storagePosition().minus(Duration.ofSeconds(35)));
    }
}
