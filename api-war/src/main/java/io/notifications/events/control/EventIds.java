package io.notifications.events.control;

import io.notifications.events.entity.FieldError;
import io.notifications.events.entity.InvalidEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/**
 * Decides the id an accepted event is stored under, which is what makes a retried request harmless: the event id
 * from the body, else the {@code Idempotency-Key} header, else a new random id.
 */
public final class EventIds {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 255;

    /** Namespace of the name-based ids derived from idempotency keys; changing it would break deduplication. */
    static final UUID KEY_NAMESPACE = UUID.fromString("6f1a2c5e-8b0d-4c7e-9a61-3d2b4f5e7a90");

    private EventIds() {
    }

    /**
     * @param bodyEventId    the body's {@code event_id}, or {@code null}
     * @param idempotencyKey the header's value, or {@code null} when absent
     */
    public static UUID resolve(UUID bodyEventId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return bodyEventId != null ? bodyEventId : UUID.randomUUID();
        }
        UUID keyId = fromKey(idempotencyKey);
        if (bodyEventId != null && !bodyEventId.equals(keyId)) {
            throw invalidKey("does not match the body's event_id " + bodyEventId + " (it stands for " + keyId + ")");
        }
        return keyId;
    }

    /** A UUID key is the event id itself; any other key maps to the same name-based (version 5) UUID every time. */
    static UUID fromKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw invalidKey("must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
        try {
            return UUID.fromString(key).toString().equalsIgnoreCase(key) ? UUID.fromString(key) : nameBased(key);
        } catch (IllegalArgumentException notUuid) {
            return nameBased(key);
        }
    }

    /** RFC 4122 section 4.3: SHA-1 of namespace and name, with version 5 and the IETF variant. */
    static UUID nameBased(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer namespace = ByteBuffer.allocate(16)
                    .putLong(KEY_NAMESPACE.getMostSignificantBits())
                    .putLong(KEY_NAMESPACE.getLeastSignificantBits());
            sha1.update(namespace.array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bits.getLong(), bits.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }

    private static InvalidEventException invalidKey(String problem) {
        return new InvalidEventException("Invalid " + IDEMPOTENCY_KEY + " header", List.of(new FieldError(IDEMPOTENCY_KEY, problem)));
    }
}
