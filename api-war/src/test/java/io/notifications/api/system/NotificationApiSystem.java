package io.notifications.api.system;

import io.notifications.testing.PrometheusText;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The running API as a client sees it over HTTP. */
public final class NotificationApiSystem {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final URI events;
    private final URI batch;
    private final URI health;

    private NotificationApiSystem(URI base) {
        this.base = base;
        this.events = base.resolve("/api/events");
        this.batch = base.resolve("/api/events/batch");
        this.health = base.resolve("/health");
    }

    /**
     * The same API through connections of its own: for a request that leaves its connection unusable (a body the
     * server stopped reading at the limit), so that the requests after it do not wait on that connection.
     */
    public NotificationApiSystem withOwnConnections() {
        return new NotificationApiSystem(base);
    }

    public NotificationApiSystem(URL deploymentUrl) {
        this.base = URI.create(deploymentUrl.toString());
        this.events = base.resolve("/api/events");
        this.batch = base.resolve("/api/events/batch");
        this.health = base.resolve("/health");
    }

    public HttpResponse<String> post(String json, String... headers) {
        return post(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8), withJson(headers));
    }

    public HttpResponse<String> post(byte[] body, String... headers) {
        return post(HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    public HttpResponse<String> post(HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30)).POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** {@code POST /api/events/batch} of a JSON text, as {@code application/json}. */
    public HttpResponse<String> postBatch(String json, String... headers) {
        return postBatch(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8), withJson(headers));
    }

    /** {@code POST /api/events/batch} with exactly the given headers. */
    public HttpResponse<String> postBatch(HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(batch).timeout(Duration.ofSeconds(30)).POST(body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /**
     * Posts every body at once, each on an HTTP/1.1 connection of its own (not as streams of one HTTP/2 connection,
     * which the server limits), and waits for all the answers, in order.
     */
    public List<HttpResponse<String>> postAll(List<String> bodies) {
        List<CompletableFuture<HttpResponse<String>>> answers = bodies.stream()
                .map(body -> HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30)).version(HttpClient.Version.HTTP_1_1)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build())
                .map(request -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** The application's metrics, {@code GET /metrics?scope=application}, as Prometheus text. */
    public PrometheusText metrics() {
        HttpResponse<String> answer = send(request("/metrics?scope=application").header("Accept", "text/plain").GET().build());
        if (answer.statusCode() != 200) {
            throw new AssertionError("GET /metrics answered " + answer.statusCode() + ": " + answer.body());
        }
        return new PrometheusText(answer.body());
    }

    public HttpResponse<String> health() {
        return send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** {@code GET} of a path under the server's root, such as {@code /api/admin/dead-letters?limit=5}. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** {@code POST} of a JSON text to a path under the server's root, as {@code application/json} unless headers say otherwise. */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        String[] all = headers.length == 0 ? withJson(headers) : headers;
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).headers(all).build());
    }

    /** {@code POST} without a body. */
    public HttpResponse<String> postEmpty(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** A request without a body, such as {@code send("DELETE", "/api/events", "Authorization", "Bearer k")}. */
    public HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    /** The event id of a 202 answer; fails on any other answer. */
    public static UUID acceptedEventId(HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return UUID.fromString(json(response).getString("event_id"));
    }

    public static JsonObject json(HttpResponse<String> response) {
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    private static String[] withJson(String[] headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
