package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdsTest {

    private static final UUID BODY_ID = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");

    private static FieldError refusedKey(UUID bodyEventId, String key) {
        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> EventIds.resolve(bodyEventId, key));
        assertEquals(1, refusal.errors().size(), () -> "expected one error but got " + refusal.errors());
        return refusal.errors().get(0);
    }

    @Nested
    class WithoutAKey {

        @Test
        void theBodysEventIdIsTheId() {
            assertEquals(BODY_ID, EventIds.resolve(BODY_ID, null));
        }

        @Test
        void withoutBodyEventIdEachEventGetsANewRandomId() {
            UUID first = EventIds.resolve(null, null);
            UUID second = EventIds.resolve(null, null);

            assertNotNull(first);
            assertEquals(4, first.version());
            assertNotEquals(first, second);
        }
    }

    @Nested
    class WithAKey {

        @Test
        void aUuidKeyIsTheIdItself() {
            assertEquals(BODY_ID, EventIds.resolve(null, BODY_ID.toString()));
        }

        @Test
        void aUuidKeyIsReadCaseInsensitively() {
            assertEquals(BODY_ID, EventIds.resolve(null, BODY_ID.toString().toUpperCase()));
        }

        @Test
        void aKeyThatIsNotAUuidAlwaysMapsToTheSameVersion5Id() {
            UUID id = EventIds.resolve(null, "order-4711");

            assertEquals(5, id.version());
            assertEquals(2, id.variant());
            assertEquals(id, EventIds.resolve(null, "order-4711"));
        }

        @Test
        void differentKeysMapToDifferentIds() {
            assertNotEquals(EventIds.resolve(null, "order-4711"), EventIds.resolve(null, "order-4712"));
            assertNotEquals(EventIds.resolve(null, "order-4711"), EventIds.resolve(null, "ORDER-4711"));
        }

        @Test
        void aKeyThatJavaWouldLenientlyParseAsAUuidIsStillAnOpaqueKey() {
            // UUID.fromString accepts "1-2-3-4-5" as 00000001-0002-0003-0004-000000000005; it is not a UUID key
            UUID id = EventIds.resolve(null, "1-2-3-4-5");

            assertEquals(5, id.version());
            assertNotEquals(UUID.fromString("00000001-0002-0003-0004-000000000005"), id);
        }

        @Test
        void aVersion5IdMatchesTheKnownValueSoThatClientsKeysKeepDeduplicating() {
            UUID expected = rfc4122Version5("6f1a2c5e-8b0d-4c7e-9a61-3d2b4f5e7a90", "order-4711");

            assertEquals(expected, EventIds.resolve(null, "order-4711"));
            // the same value, as computed by Python's uuid.uuid5
            assertEquals(UUID.fromString("7a8df95c-4a60-50e8-997a-5b784dde6fe6"), expected);
        }

        @Test
        void aKeyOfPrintableAsciiIsHashedAsUtf8() {
            String key = "tenant 42/order #4711: ~!@$%^&*()_+{}|<>?`'\"\\";

            assertEquals(rfc4122Version5("6f1a2c5e-8b0d-4c7e-9a61-3d2b4f5e7a90", key), EventIds.resolve(null, key));
        }

        @Test
        void aKeyAndABodyEventIdThatAgreeAreAccepted() {
            UUID forKey = EventIds.resolve(null, "order-4711");

            assertEquals(forKey, EventIds.resolve(forKey, "order-4711"));
            assertEquals(BODY_ID, EventIds.resolve(BODY_ID, BODY_ID.toString().toUpperCase()));
        }

        @Test
        void aKeyAndABodyEventIdThatDisagreeAreRefused() {
            FieldError error = refusedKey(BODY_ID, "order-4711");

            assertEquals("Idempotency-Key", error.field());
        }

        @Test
        void aUuidKeyThatDiffersFromTheBodyEventIdIsRefused() {
            FieldError error = refusedKey(BODY_ID, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");

            assertEquals("Idempotency-Key", error.field());
        }
    }

    @Nested
    class KeyFormat {

        @Test
        void aKeyOf255PrintableCharactersIsAccepted() {
            String key = "k".repeat(254) + "~";

            assertEquals(5, EventIds.resolve(null, key).version());
        }

        @Test
        void aKeyOf256CharactersIsRefused() {
            assertEquals("Idempotency-Key", refusedKey(null, "k".repeat(256)).field());
        }

        @Test
        void anEmptyKeyIsRefused() {
            assertEquals("Idempotency-Key", refusedKey(null, "").field());
        }

        @ParameterizedTest
        @ValueSource(strings = {"order\t4711", "order\n4711", "order\r4711", "\u0000", "order\u007f", "ordre-\u00e9t\u00e9", "\u00a0", "😀"})
        void aKeyWithNonPrintableOrNonAsciiCharactersIsRefused(String key) {
            FieldError error = refusedKey(null, key);

            assertEquals(new FieldError("Idempotency-Key", "must be 1 to 255 printable ASCII characters"), error);
        }

        @Test
        void anInvalidKeyIsRefusedEvenWhenTheBodyHasAnEventId() {
            assertEquals("Idempotency-Key", refusedKey(BODY_ID, "").field());
        }
    }

    /** RFC 4122 section 4.3, written out independently of EventIds: SHA-1 over namespace bytes then name bytes. */
    private static UUID rfc4122Version5(String namespace, String name) {
        try {
            byte[] namespaceBytes = HexFormat.of().parseHex(namespace.replace("-", ""));
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(namespaceBytes);
            sha1.update(name.getBytes(StandardCharsets.UTF_8));
            byte[] hash = sha1.digest();
            hash[6] = (byte) ((hash[6] & 0x0f) | (5 << 4)); // time_hi_and_version: version 5
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);     // clock_seq_hi_and_reserved: variant 10x
            String hex = HexFormat.of().formatHex(hash, 0, 16);
            return UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20, 32));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
