package io.notifications.api.events.control;

import io.notifications.api.events.entity.TimelinePosition;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque cursor of a timeline page: the position of the last event on the previous page, as base64url (no
 * padding) of 24 bytes: {@code created_at} in microseconds since the epoch, then the event id. Clients pass it back
 * unchanged in {@code before}; its form is not part of the contract and may change.
 */
public final class TimelineCursor {

    private static final int BYTES = Long.BYTES + 2 * Long.BYTES;
    private static final int LENGTH = 32; // base64 of 24 bytes, which needs no padding

    private TimelineCursor() {
    }

    public static String encode(TimelinePosition position) {
        Instant createdAt = position.createdAt();
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000);
        ByteBuffer bytes = ByteBuffer.allocate(BYTES)
                .putLong(micros)
                .putLong(position.eventId().getMostSignificantBits())
                .putLong(position.eventId().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The position the cursor stands for, or empty when the text is not a cursor this API could have given. */
    public static Optional<TimelinePosition> decode(String cursor) {
        if (cursor.length() != LENGTH) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException notBase64url) {
            return Optional.empty();
        }
        if (decoded.length != BYTES) { // padding in the 32 characters
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.wrap(decoded);
        long micros = bytes.getLong();
        Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        if (!TimelineParameters.storable(createdAt)) {
            return Optional.empty();
        }
        return Optional.of(new TimelinePosition(createdAt, new UUID(bytes.getLong(), bytes.getLong())));
    }
}
