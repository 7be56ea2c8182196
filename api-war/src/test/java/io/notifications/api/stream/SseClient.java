package io.notifications.api.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code GET /api/users/{user_id}/events/stream} that reads the stream as the SSE specification says, line
 * by line: fields until a blank line make one message, a line starting with a colon is a comment. The stream is read
 * on a thread of its own into a queue; the end of the stream is a message of its own ({@link #END}).
 */
public final class SseClient implements AutoCloseable {

    /** One message: its event name, id and data, or a comment. */
    public record Message(String event, String id, String data, String comment) {
        public boolean isComment() {
            return comment != null;
        }
    }

    public static final Message END = new Message(null, null, null, null);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens the user's stream, with {@code Last-Event-ID} unless it is null, and waits for the answer's head. */
    static SseClient open(URI base, UUID user, UUID lastEventId) {
        return open(base, user, lastEventId, new String[0]);
    }

    /** Opens the user's stream with more headers, such as {@code "Authorization", "Bearer <token>"}. */
    public static SseClient open(URI base, UUID user, UUID lastEventId, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(streamOf(base, user)).header("Accept", "text/event-stream").GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId.toString());
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the stream and waits for its first comment, which it sends once registered for live events. */
    static SseClient openAndAwaitRegistration(URI base, UUID user, UUID lastEventId) {
        SseClient client = open(base, user, lastEventId);
        Message first = client.next(Duration.ofSeconds(10));
        if (first == null || !first.isComment()) {
            client.close();
            throw new AssertionError("the stream's first message, within 10 s: " + first + " (status " + client.status() + ")");
        }
        return client;
    }

    static URI streamOf(URI base, UUID user) {
        return base.resolve("/api/users/" + user + "/events/stream");
    }

    public int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /** The next message within the time, or {@code null}. */
    public Message next(Duration within) {
        try {
            return messages.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The next message that is not a comment within the time, or {@code null}. */
    public Message nextEvent(Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (true) {
            Message message = next(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            if (message == null || !message.isComment()) {
                return message;
            }
        }
    }

    /** Up to {@code count} messages that are not comments, each within the time of the one before. */
    List<Message> events(int count, Duration each) {
        List<Message> events = new ArrayList<>();
        while (events.size() < count) {
            Message message = nextEvent(each);
            if (message == null || message == END) {
                break;
            }
            events.add(message);
        }
        return events;
    }

    private void read() {
        String event = null;
        String id = null;
        StringBuilder data = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (event != null || id != null || data != null) {
                        messages.add(new Message(event == null ? "message" : event, id, data == null ? null : data.toString(), null));
                    }
                    event = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, null, null, line.substring(1).strip()));
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> event = value;
                        case "id" -> id = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException closed) {
            // the stream was closed by close(), or broke
        } finally {
            messages.add(END);
        }
    }

    @Override
    public void close() {
        // The raw stream, not the reader: closing a BufferedReader waits for the line its reading thread waits for.
        try {
            response.body().close();
        } catch (IOException e) {
            // closed anyway
        }
        reader.interrupt();
    }
}
