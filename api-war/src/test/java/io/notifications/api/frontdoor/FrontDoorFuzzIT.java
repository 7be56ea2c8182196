package io.notifications.api.frontdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.frontdoor.HostileRequests.Hostile;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.RawHttp.Answer;
import io.notifications.api.system.RawHttp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * A few thousand hostile requests against the running server, the broker and the database: every one is answered
 * with a 4xx and the JSON error shape (never a 5xx, never HTML or an empty body), nothing of them is stored, parked or
 * marked read, and the server is still ready afterwards. The exceptions are requests Payara refuses below the application, with a
 * bare 400 before any application code runs: raw control or non-ASCII bytes in a header, a NUL character in the path,
 * a path above the root; and a malformed percent escape, which gets Payara's empty 200 (pinned on its own below).
 */
class FrontDoorFuzzIT extends OnPayaraMicro {

    /** Fixed, so that a failure replays: change it to explore other requests. */
    private static final long SEED = 20261126L;
    private static final int CONCURRENCY = 8;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
    /** How long a published event would take to be stored or parked, at most: the check waits this long. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    @ArquillianResource
    URL base;

    @Test
    void everyHostileRequestIsRefusedWithAJsonClientErrorAndLeavesNoTrace() throws Exception {
        long rowsBefore = database.countRows();
        long readBefore = database.countReadRows();
        List<Hostile> requests = new HostileRequests(SEED).generate();

        Map<String, LongAdder> sentByKind = new ConcurrentHashMap<>();
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < CONCURRENCY; i++) {
                running.add(senders.submit(() -> {
                    for (int n = next.getAndIncrement(); n < requests.size(); n = next.getAndIncrement()) {
                        Hostile request = requests.get(n);
                        sentByKind.computeIfAbsent(request.kind(), k -> new LongAdder()).increment();
                        try {
                            Answer answer = RawHttp.send(base, request.method(), request.path(), request.headers(), request.body(),
                                    request.declaredLength(), request.pieces(), Duration.ofMillis(100), ANSWER_WITHIN);
                            byStatus.computeIfAbsent(answer.status(), k -> new LongAdder()).increment();
                            String problem = request.notHttp() ? problemWithHttpRefusal(answer) : problemWith(answer);
                            if (problem != null) {
                                failures.add(problem + " <- " + request.describe());
                            }
                        } catch (Exception e) {
                            failures.add("no answer (" + e + ") <- " + request.describe());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            senders.shutdownNow();
        }
        System.out.println("Hostile requests sent, by kind: " + new TreeMap<>(sentByKind) + "; answers by status: " + new TreeMap<>(byStatus)
                + "; " + requests.size() + " in all, seed " + SEED);

        assertTrue(failures.isEmpty(), failures.size() + " of " + requests.size() + " answers were wrong, e.g.:\n"
                + String.join("\n", failures.subList(0, Math.min(80, failures.size()))));
        Thread.sleep(SETTLE.toMillis());
        assertEquals(rowsBefore, database.countRows(), "rows stored from refused requests");
        assertEquals(readBefore, database.countReadRows(), "rows marked read by refused requests");
        assertEquals(0, broker.messagesInQueue(), "messages published from refused requests and still queued");
        assertEquals(0, broker.messagesParked(), "messages published from refused requests and parked");
        assertEquals(200, api.health().statusCode(), "readiness after the hostile requests: " + api.health().body());
    }

    /**
     * The requests Payara used to answer below the application, each answered by it now in JSON: TRACE (Payara's
     * bare 405, and on its own /health and /metrics an echo of the request, cookies included, once TRACE reaches the
     * application) and a body on GET or DELETE (Payara's bare 400).
     */
    @Test
    void traceAndABodyOnGetOrDeleteAreAnsweredInJson() throws Exception {
        String cookie = "Cookie: session=" + UUID.randomUUID();
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("TRACE /api/events", 405);
        expected.put("TRACE /api/events/" + UUID.randomUUID(), 405);
        expected.put("TRACE /health", 405);
        expected.put("TRACE /health/ready", 405);
        expected.put("TRACE /metrics", 405);
        expected.put("TRACE /openapi", 405);
        expected.put("TRACE /nope", 404);
        expected.put("GET /api/users/" + UUID.randomUUID() + "/events", 400);
        expected.put("GET /api/events/" + UUID.randomUUID(), 400);
        expected.put("DELETE /api/admin/dead-letters/" + UUID.randomUUID(), 400);
        expected.put("GET /nope", 404);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Integer> request : expected.entrySet()) {
            String method = request.getKey().substring(0, request.getKey().indexOf(' '));
            String path = request.getKey().substring(method.length() + 1);
            byte[] body = method.equals("TRACE") ? new byte[0] : "{\"user_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
            List<byte[]> headers = new ArrayList<>(List.of(cookie.getBytes(StandardCharsets.US_ASCII)));
            if (body.length > 0) {
                headers.add("Content-Type: application/json".getBytes(StandardCharsets.US_ASCII));
            }
            Answer answer = RawHttp.send(base, method, path, headers, body, -1, 1, Duration.ZERO, ANSWER_WITHIN);
            String problem = problemWith(answer);
            if (problem == null && answer.status() != request.getValue()) {
                problem = "status " + answer.status() + ", not " + request.getValue() + ": " + answer.text();
            }
            if (problem == null && answer.status() == 405 && !answer.headers().containsKey("allow")) {
                problem = "405 without Allow";
            }
            if (problem == null && answer.text().contains(cookie.substring("Cookie: ".length()))) {
                problem = "the request echoed back: " + answer.text();
            }
            if (problem != null) {
                failures.add(request.getKey() + (body.length > 0 ? " with a body" : "") + ": " + problem);
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * A malformed percent escape in the path ({@code %zz}, {@code %2}) fails Payara's URI decoding
     * (CoyoteAdapter.postParseRequest, before any filter, servlet or error page of the application), which logs a
     * SEVERE IllegalArgumentException and sends an empty 200 (payara/Payara#8000). No setting changes it: a proxy in
     * front must refuse such requests (docs/operating.md). Pinned as it is, with nothing published, so that a Payara
     * that answers it properly fails here, and this case joins the JSON ones above and the docs change.
     */
    @Test
    void aMalformedPercentEscapeGetsPayarasEmpty200AndPublishesNothing() throws Exception {
        long rowsBefore = database.countRows();
        for (String path : List.of("/api/events/%zz", "/api/events%zz", "/%zz", "/api/events/%2")) {
            Answer answer = RawHttp.send(base, "POST", path, List.of("Content-Type: application/json".getBytes(StandardCharsets.US_ASCII)),
                    "{}".getBytes(StandardCharsets.US_ASCII), -1, 1, Duration.ZERO, ANSWER_WITHIN);
            assertEquals(200, answer.status(), path + ": Payara answers it otherwise now: " + answer.text());
            assertEquals("", answer.text(), path + ": Payara answers it with a body now");
        }
        Thread.sleep(SETTLE.toMillis());
        assertEquals(rowsBefore, database.countRows(), "rows stored from malformed escapes");
        assertEquals(0, broker.messagesInQueue(), "messages published from malformed escapes");
    }

    /**
     * Payara answers some requests with a bare 400 before the application sees them: right, as long as it is a 400
     * and no HTML page.
     */
    private static String problemWithHttpRefusal(Answer answer) {
        String type = answer.headers().getOrDefault("content-type", "");
        if (answer.status() != 400 || type.contains("html") || answer.text().contains("<")) {
            return "status " + answer.status() + " (" + type + ") to a request the server refuses: " + answer.text();
        }
        return null;
    }

    /** Why an answer is wrong, or {@code null} when it is a 4xx with the API's JSON error shape. */
    private static String problemWith(Answer answer) {
        if (answer.status() < 400 || answer.status() > 499) {
            return "status " + answer.status() + " " + answer.text();
        }
        String type = answer.headers().getOrDefault("content-type", "");
        if (!type.startsWith("application/json")) {
            return "status " + answer.status() + " with Content-Type '" + type + "': " + answer.text();
        }
        JsonObject body;
        try (var reader = Json.createReader(new StringReader(answer.text()))) {
            body = reader.readObject();
        } catch (RuntimeException e) {
            return "status " + answer.status() + " with a body that is not a JSON object: " + answer.text();
        }
        if (!(body.get("message") instanceof JsonString message) || message.getString().isBlank()) {
            return "status " + answer.status() + " without a message: " + body;
        }
        JsonValue errors = body.get("errors");
        if (errors != null && (errors.getValueType() != JsonValue.ValueType.ARRAY || !errors.asJsonArray().stream()
                .allMatch(e -> e.getValueType() == JsonValue.ValueType.OBJECT && e.asJsonObject().get("field") instanceof JsonString
                        && e.asJsonObject().get("message") instanceof JsonString))) {
            return "status " + answer.status() + " with malformed errors: " + body;
        }
        String text = answer.text();
        if (text.contains("Exception") || text.contains("at io.") || text.contains("SQL")) {
            return "status " + answer.status() + " leaking internals: " + text;
        }
        return null;
    }
}
