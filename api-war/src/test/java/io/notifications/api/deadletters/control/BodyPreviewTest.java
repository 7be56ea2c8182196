package io.notifications.api.deadletters.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyPreviewTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSmallUtf8BodyIsShownWhole() {
        BodyPreview preview = BodyPreview.of(utf8("{\"event_id\": \"x\", \"message\": \"Grüße 😀\"}"));

        assertEquals("{\"event_id\": \"x\", \"message\": \"Grüße 😀\"}", preview.text());
        assertTrue(preview.utf8());
        assertFalse(preview.truncated());
    }

    @Test
    void anEmptyBodyIsEmptyText() {
        assertEquals(new BodyPreview("", true, false), BodyPreview.of(new byte[0]));
    }

    @Test
    void aBodyOfExactlyTheLimitIsShownWhole() {
        String text = "x".repeat(BodyPreview.MAX_BYTES);

        assertEquals(new BodyPreview(text, true, false), BodyPreview.of(utf8(text)));
    }

    @Test
    void aLargerBodyIsCutToTheLimitAndSaysSo() {
        BodyPreview preview = BodyPreview.of(utf8("y".repeat(BodyPreview.MAX_BYTES + 1)));

        assertEquals("y".repeat(BodyPreview.MAX_BYTES), preview.text());
        assertTrue(preview.utf8());
        assertTrue(preview.truncated());
    }

    /** A character that would straddle the limit is left out whole, never split into invalid text. */
    @ParameterizedTest
    @ValueSource(strings = {"é", "€", "😀"})
    void theCutFallsOnACharacterBoundary(String wide) {
        int limit = 10;
        for (int prefix = 0; prefix < 6; prefix++) {
            String text = "a".repeat(limit - prefix) + wide.repeat(5);

            BodyPreview preview = BodyPreview.of(utf8(text), limit);

            assertTrue(preview.truncated());
            assertTrue(text.startsWith(preview.text()), preview.text());
            int bytes = utf8(preview.text()).length;
            assertTrue(bytes <= limit, "at most the limit: " + bytes);
            assertTrue(bytes > limit - utf8(wide).length, "no more cut than one character: " + bytes);
        }
    }

    @Test
    void aBodyThatIsNotUtf8IsNotShown() {
        BodyPreview preview = BodyPreview.of(new byte[] {'{', (byte) 0xC3, '}'});

        assertNull(preview.text());
        assertFalse(preview.utf8());
        assertFalse(preview.truncated());
    }

    @Test
    void invalidUtf8BeyondTheLimitStillCountsAsNotUtf8() {
        byte[] body = utf8("z".repeat(BodyPreview.MAX_BYTES + 10));
        body[body.length - 1] = (byte) 0xFF;

        assertEquals(new BodyPreview(null, false, false), BodyPreview.of(body));
    }
}
