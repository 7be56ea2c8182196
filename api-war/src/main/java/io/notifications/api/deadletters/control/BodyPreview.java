package io.notifications.api.deadletters.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The readable beginning of a message body: the whole text when it is valid UTF-8 and small, its first bytes (cut on a
 * character boundary) when it is larger, nothing when it is not UTF-8.
 *
 * @param text      the text, or {@code null} when the body is not valid UTF-8
 * @param utf8      whether the whole body is valid UTF-8
 * @param truncated whether {@code text} is only the beginning of the body
 */
public record BodyPreview(String text, boolean utf8, boolean truncated) {

    /** Bytes of a body shown at most: enough for any event the API accepts to be recognisable, small for a listing of hundreds. */
    public static final int MAX_BYTES = 4096;

    public static BodyPreview of(byte[] body) {
        return of(body, MAX_BYTES);
    }

    static BodyPreview of(byte[] body, int maxBytes) {
        if (!isUtf8(body)) {
            return new BodyPreview(null, false, false);
        }
        if (body.length <= maxBytes) {
            return new BodyPreview(new String(body, StandardCharsets.UTF_8), true, false);
        }
        int end = maxBytes;
        // The body is valid UTF-8, so any byte that is not a continuation byte (10xxxxxx) starts a character.
        while (end > 0 && (body[end] & 0xC0) == 0x80) {
            end--;
        }
        return new BodyPreview(new String(body, 0, end, StandardCharsets.UTF_8), true, true);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
