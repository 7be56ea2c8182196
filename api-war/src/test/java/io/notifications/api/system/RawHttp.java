package io.notifications.api.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client library would send: header values with raw
 * non-ASCII or control bytes, repeated headers, a Content-Length that lies, a body trickled in slowly. One request
 * per connection ({@code Connection: close}).
 */
public final class RawHttp {

    /** What the server answered: status, headers (names lower-cased, last one wins) and body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param headerLines raw header lines without CRLF (bytes, so that they may hold anything); Host, Content-Length
     *                    and Connection are added unless {@code declaredLength} says otherwise
     * @param declaredLength the Content-Length to claim, or -1 for the body's real length
     * @param pieces    how many writes the body is sent in, with {@code pause} between them (1: all at once)
     */
    public static Answer send(URL base, String method, String path, List<byte[]> headerLines, byte[] body,
            long declaredLength, int pieces, Duration pause, Duration timeout) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            head.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            head.writeBytes(("Host: " + base.getHost() + ":" + base.getPort() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (byte[] line : headerLines) {
                head.writeBytes(line);
                head.writeBytes(new byte[] {'\r', '\n'});
            }
            long length = declaredLength >= 0 ? declaredLength : body.length;
            head.writeBytes(("Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(head.toByteArray());
            int piece = Math.max(1, (body.length + pieces - 1) / Math.max(1, pieces));
            for (int from = 0; from < body.length; from += piece) {
                if (from > 0) {
                    sleep(pause);
                }
                out.write(body, from, Math.min(piece, body.length - from));
                out.flush();
            }
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("Not an HTTP status line: " + statusLine);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0) {
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                all.writeBytes(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Answer(Integer.parseInt(parts[1]), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("Connection closed in the middle of the answer's head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void sleep(Duration pause) throws IOException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    private RawHttp() {
    }
}
