package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestBodyTest {

    private static final int LIMIT = 64 * 1024;
    private static final long UNKNOWN_LENGTH = -1;

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }

    /** Gives at most {@code chunk} bytes per read, as a network stream may. */
    private static InputStream trickling(byte[] content, int chunk) {
        return new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    /** An endless stream of 'x' that counts how many bytes were taken from it. */
    private static final class EndlessStream extends InputStream {
        long taken;

        @Override
        public int read() {
            taken++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 'x');
            taken += len;
            return len;
        }
    }

    /** A stream that must not be touched. */
    private static final class UntouchableStream extends InputStream {
        @Override
        public int read() {
            throw new AssertionError("the body was read");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            throw new AssertionError("the body was read");
        }
    }

    @Test
    void aBodyUnderTheLimitIsReadExactly() throws IOException {
        byte[] body = "{\"user_id\":\"550e8400-e29b-41d4-a716-446655440000\"}".getBytes();

        assertArrayEquals(body, RequestBody.read(new ByteArrayInputStream(body), body.length, LIMIT));
        assertArrayEquals(body, RequestBody.read(new ByteArrayInputStream(body), UNKNOWN_LENGTH, LIMIT));
    }

    @Test
    void anEmptyBodyIsReadAsNoBytes() throws IOException {
        assertArrayEquals(new byte[0], RequestBody.read(new ByteArrayInputStream(new byte[0]), 0, LIMIT));
        assertArrayEquals(new byte[0], RequestBody.read(new ByteArrayInputStream(new byte[0]), UNKNOWN_LENGTH, LIMIT));
    }

    @Test
    void aBodyArrivingInSmallPiecesIsReadWhole() throws IOException {
        byte[] body = new byte[20_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        assertArrayEquals(body, RequestBody.read(trickling(body, 7), UNKNOWN_LENGTH, LIMIT));
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws IOException {
        byte[] body = bytes(LIMIT);

        assertArrayEquals(body, RequestBody.read(new ByteArrayInputStream(body), LIMIT, LIMIT));
        assertArrayEquals(body, RequestBody.read(new ByteArrayInputStream(body), UNKNOWN_LENGTH, LIMIT));
    }

    @Test
    void aBodyOneByteOverTheLimitIsRefused() {
        assertThrows(BodyTooLargeException.class,
                () -> RequestBody.read(new ByteArrayInputStream(bytes(LIMIT + 1)), UNKNOWN_LENGTH, LIMIT));
    }

    @Test
    void aBodyLongerThanItsDeclaredLengthIsStillHeldToTheLimit() {
        assertThrows(BodyTooLargeException.class,
                () -> RequestBody.read(new ByteArrayInputStream(bytes(LIMIT + 1)), 10, LIMIT));
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1L, Integer.MAX_VALUE + 1L, Long.MAX_VALUE})
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody(long declaredLength) {
        // UntouchableStream throws an AssertionError: reading it fails this test
        assertThrows(BodyTooLargeException.class, () -> RequestBody.read(new UntouchableStream(), declaredLength, LIMIT));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessBodyIsRefusedAfterReadingAtMostOneByteMoreThanTheLimit() {
        EndlessStream endless = new EndlessStream();

        assertThrows(BodyTooLargeException.class, () -> RequestBody.read(endless, UNKNOWN_LENGTH, LIMIT));

        assertTrue(endless.taken <= LIMIT + 1L, () -> "read " + endless.taken + " bytes for a limit of " + LIMIT);
        assertTrue(endless.taken > LIMIT, () -> "refused after only " + endless.taken + " bytes for a limit of " + LIMIT);
    }

    @Test
    void theRefusalTellsTheLimit() {
        BodyTooLargeException refusal = assertThrows(BodyTooLargeException.class,
                () -> RequestBody.read(new EndlessStream(), UNKNOWN_LENGTH, LIMIT));

        assertEquals(LIMIT, refusal.limit());
        assertTrue(refusal.getMessage().contains(String.valueOf(LIMIT)), refusal.getMessage());
    }

    @Test
    void theLargestPossibleLimitStillReadsABody() throws IOException {
        byte[] body = "{}".getBytes();

        assertArrayEquals(body, RequestBody.read(new ByteArrayInputStream(body), UNKNOWN_LENGTH, Integer.MAX_VALUE));
    }
}
