package io.notifications.api.events.control;

import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Decides the id an accepted event is stored under, which is what makes a retried request harmless: the event id
 * from the body, else the {@code Idempotency-Key} header, else a new random id. For a batch, the header is the
 * batch's key, and each event's id derives from it and the event's index ({@link #resolveBatch}).
 */
public final class EventIds {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final int MAX_KEY_LENGTH = 255;

    /** Namespace of the name-based ids derived from idempotency keys; changing it would break deduplication. */
    static final UUID KEY_NAMESPACE = UUID.fromString("6f1a2c5e-8b0d-4c7e-9a61-3d2b4f5e7a90");

    /**
     * Namespace of the ids derived from a batch's key and an index. A namespace of its own, so that no batch key and
     * index give the id of a single request's key; changing it would break deduplication of resent batches.
     */
    static final UUID BATCH_KEY_NAMESPACE = UUID.fromString("ebce1187-e546-4f59-aeb7-462b101db335");

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

    /**
     * The ids of a batch's events, in the batch's order. An event with its own {@code event_id} keeps it, exactly as a
     * single event does. Without one, an event gets, when the batch has an {@code Idempotency-Key}, the name-based
     * (version 5) UUID of its index and the key, so that the same batch sent again in the same order with the same key
     * gets the same ids; without a key, a new random id.
     *
     * @param bodyEventIds   each event's {@code event_id}, or {@code null} where it has none
     * @param idempotencyKey the header's value, or {@code null} when absent
     * @throws InvalidEventException when the key is invalid, or two events of the batch would have the same id: field
     *                               {@code [j].event_id} for each later one
     */
    public static List<UUID> resolveBatch(List<UUID> bodyEventIds, String idempotencyKey) {
        if (idempotencyKey != null) {
            checkKey(idempotencyKey);
        }
        List<UUID> ids = new ArrayList<>(bodyEventIds.size());
        List<FieldError> duplicates = new ArrayList<>();
        Map<UUID, Integer> firstIndexOf = new HashMap<>();
        for (int index = 0; index < bodyEventIds.size(); index++) {
            UUID bodyEventId = bodyEventIds.get(index);
            UUID id = bodyEventId != null ? bodyEventId
                    : idempotencyKey != null ? nameBased(BATCH_KEY_NAMESPACE, index + ":" + idempotencyKey)
                    : UUID.randomUUID();
            Integer first = firstIndexOf.putIfAbsent(id, index);
            if (first != null) {
                duplicates.add(new FieldError("[" + index + "]." + EventFields.EVENT_ID,
                        "is " + id + " again, as the event at [" + first + "]: each event of a batch needs its own id"));
            }
            ids.add(id);
        }
        if (!duplicates.isEmpty()) {
            throw new InvalidEventException("Events of the batch share an event_id: none was published", duplicates);
        }
        return ids;
    }

    /** A UUID key is the event id itself; any other key maps to the same name-based (version 5) UUID every time. */
    static UUID fromKey(String key) {
        checkKey(key);
        try {
            return UUID.fromString(key).toString().equalsIgnoreCase(key) ? UUID.fromString(key) : nameBased(key);
        } catch (IllegalArgumentException notUuid) {
            return nameBased(key);
        }
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw invalidKey("must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
        }
    }

    static UUID nameBased(String name) {
        return nameBased(KEY_NAMESPACE, name);
    }

    /** RFC 4122 section 4.3: SHA-1 of namespace and name, with version 5 and the IETF variant. */
    static UUID nameBased(UUID namespaceId, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer namespace = ByteBuffer.allocate(16)
                    .putLong(namespaceId.getMostSignificantBits())
                    .putLong(namespaceId.getLeastSignificantBits());
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
