package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The ids of a batch's events: {@link EventIds#resolveBatch}. */
class BatchEventIdsTest {

    private static final UUID OWN_ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final String KEY = "nightly-digest-2026-11-27";

    private static List<UUID> bodyIds(UUID... ids) {
        return Arrays.asList(ids); // holds nulls: events without event_id
    }

    @Test
    void anEventsOwnEventIdIsItsIdWithOrWithoutAKey() {
        assertEquals(OWN_ID, EventIds.resolveBatch(bodyIds(null, OWN_ID), null).get(1));
        assertEquals(OWN_ID, EventIds.resolveBatch(bodyIds(null, OWN_ID), KEY).get(1));
    }

    @Test
    void withoutAKeyEventsWithoutIdsGetNewRandomIds() {
        List<UUID> first = EventIds.resolveBatch(bodyIds(null, null), null);
        List<UUID> again = EventIds.resolveBatch(bodyIds(null, null), null);

        assertEquals(4, new HashSet<>(List.of(first.get(0), first.get(1), again.get(0), again.get(1))).size());
    }

    @Test
    void theSameKeyGivesTheSameIdsAgainIndexByIndex() {
        List<UUID> first = EventIds.resolveBatch(bodyIds(null, OWN_ID, null), KEY);
        List<UUID> resent = EventIds.resolveBatch(bodyIds(null, OWN_ID, null), KEY);

        assertEquals(first, resent);
        assertNotEquals(first.get(0), first.get(2));
    }

    @Test
    void theIdOfAnIndexIsTheNameBasedUuidOfTheIndexAndTheKeyInTheBatchNamespace() {
        UUID id = EventIds.resolveBatch(bodyIds(null, null), KEY).get(1);

        assertEquals(EventIds.nameBased(EventIds.BATCH_KEY_NAMESPACE, "1:" + KEY), id);
        assertEquals(5, id.version());
        assertEquals(2, id.variant());
    }

    @Test
    void aBatchKeyNeverGivesTheIdThatTheSameKeyGivesASingleEvent() {
        assertNotEquals(EventIds.resolve(null, KEY), EventIds.resolveBatch(bodyIds((UUID) null), KEY).get(0));
        UUID uuidKey = UUID.randomUUID();
        assertNotEquals(uuidKey, EventIds.resolveBatch(bodyIds((UUID) null), uuidKey.toString()).get(0));
    }

    @Test
    void differentKeysGiveDifferentIds() {
        assertNotEquals(EventIds.resolveBatch(bodyIds((UUID) null), KEY), EventIds.resolveBatch(bodyIds((UUID) null), KEY + "x"));
    }

    @Test
    void anInvalidKeyIsRefusedEvenWhenEveryEventHasItsOwnId() {
        InvalidEventException refusal = assertThrows(InvalidEventException.class,
                () -> EventIds.resolveBatch(bodyIds(OWN_ID), "not\tprintable"));

        assertEquals(List.of(EventIds.IDEMPOTENCY_KEY), refusal.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void anEventIdGivenTwiceInOneBatchRefusesItNamingEachRepeat() {
        UUID other = UUID.randomUUID();

        InvalidEventException refusal = assertThrows(InvalidEventException.class,
                () -> EventIds.resolveBatch(bodyIds(OWN_ID, other, OWN_ID, null, other, OWN_ID), null));

        assertEquals(List.of("[2].event_id", "[4].event_id", "[5].event_id"), refusal.errors().stream().map(FieldError::field).toList());
        assertEquals("is " + OWN_ID + " again, as the event at [0]: each event of a batch needs its own id", refusal.errors().get(0).message());
    }

    @Test
    void anOwnEventIdThatEqualsAnotherEventsDerivedIdIsADuplicateToo() {
        UUID derivedForIndexOne = EventIds.nameBased(EventIds.BATCH_KEY_NAMESPACE, "1:" + KEY);

        InvalidEventException refusal = assertThrows(InvalidEventException.class,
                () -> EventIds.resolveBatch(bodyIds(derivedForIndexOne, null), KEY));

        assertEquals(List.of("[1].event_id"), refusal.errors().stream().map(FieldError::field).toList());
    }
}
