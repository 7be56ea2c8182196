package io.notifications.api.events.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, never more than a limit: a client cannot make the API buffer without bound. */
public final class RequestBody {

    private RequestBody() {
    }

    /**
     * @param declaredLength the Content-Length header, or -1 when absent (chunked)
     * @throws BodyTooLargeException when the body is longer than {@code limit} bytes; at most {@code limit + 1}
     *                               bytes are read to find out
     */
    public static byte[] read(InputStream body, long declaredLength, int limit) throws IOException {
        if (declaredLength > limit) {
            throw new BodyTooLargeException(limit);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = body.read(buffer, 0, (int) Math.min(buffer.length, limit + 1L - total))) > 0) {
            total += read;
            if (total > limit) {
                throw new BodyTooLargeException(limit);
            }
            bytes.write(buffer, 0, read);
        }
        return bytes.toByteArray();
    }
}
