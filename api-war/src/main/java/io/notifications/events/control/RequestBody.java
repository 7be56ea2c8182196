package io.notifications.events.control;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, never more than a limit: a client cannot make the API buffer without bound. */
public final class RequestBody {

    private RequestBody() {
    }

    /**
     * @param declaredLength the Content-Length header, or -1 when absent (chunked)
     * @throws ClientErrorException 413 when the body is longer than {@code limit} bytes
     */
    public static byte[] read(InputStream body, long declaredLength, int limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int read; (read = body.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) > 0; ) {
            total += read;
            if (total > limit) {
                throw tooLarge(limit);
            }
            bytes.write(buffer, 0, read);
        }
        return bytes.toByteArray();
    }

    private static ClientErrorException tooLarge(int limit) {
        return new ClientErrorException("Body is larger than the limit of " + limit + " bytes", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
