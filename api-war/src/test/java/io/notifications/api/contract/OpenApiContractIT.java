package io.notifications.api.contract;

import static io.notifications.api.system.SampleEvents.USER;
import static io.notifications.api.system.SampleEvents.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.notifications.api.NotificationApi;
import io.notifications.api.console.boundary.OperatorConsole;
import io.notifications.api.inbox.boundary.InboxPage;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.testing.Eventually;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document the server serves at {@code /openapi}, held against the API it describes, on Payara Micro with
 * the real RabbitMQ and PostgreSQL: every operation the application serves is in it, and for each operation real
 * requests answer only statuses it documents, with the headers it says are always there and bodies with the members
 * its schemas require, and every status it documents is answered by some request, except the few listed in
 * {@link #NOT_PRODUCED_HERE} with the reason.
 */
class OpenApiContractIT extends OnPayaraMicro {

    /** Documented statuses no request of this test can bring about, by operation, with the reason. */
    static final Map<String, Map<Integer, String>> NOT_PRODUCED_HERE = Map.of(
            "*", Map.of(
                    401, "only when API keys are configured (api.keys); the server under test has none",
                    403, "only with user tokens configured (mp.jwt.verify.*; UserTokensIT pins it); the server under test has none",
                    500, "only on an unexpected failure (a bug): nothing to ask for"),
            "GET /api/events/{event_id}", Map.of(503, "only while the database refuses connections (ReadingIT pins it) or the server shuts down"),
            "GET /api/users/{user_id}/events", Map.of(503, "only while the database refuses connections (ReadingIT pins it) or the server shuts down"),
            "POST /api/users/{user_id}/events/read", Map.of(503, "only while the database refuses connections or the server shuts down"),
            "GET /api/users/{user_id}/events/unread-count", Map.of(503, "only while the database refuses connections or the server shuts down"),
            "GET /api/users/{user_id}/events/stream", Map.of(503, "only while the database cannot find the Last-Event-ID's event, or the server shuts down"),
            "GET /api/admin/dead-letters", Map.of(503, "only while the API has no connection to RabbitMQ, or shuts down"),
            "DELETE /api/admin/dead-letters/{message_id}", Map.of(503, "only while the API has no connection to RabbitMQ, or shuts down"));

    private static final Duration STORED_WITHIN = Duration.ofSeconds(10);
    private static final String NOT_JSON = "text/html";
    /** What was answered, by operation: the table the report prints at the end. */
    private static final Map<String, Set<Integer>> OBSERVED = Collections.synchronizedMap(new TreeMap<>());
    private static final Map<String, Set<Integer>> DOCUMENTED = Collections.synchronizedMap(new TreeMap<>());

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;
    private OpenApiDocument contract;

    @BeforeEach
    void readTheContract() {
        base = URI.create(deploymentUrl.toString());
        contract = new OpenApiDocument(json(send("GET", "/openapi", null, "application/json", null)));
    }

    @Test
    void theContractIsServedAsYamlByDefaultAndAsJsonWhenAskedFor() {
        HttpResponse<String> yaml = send("GET", "/openapi", null, null, null);
        HttpResponse<String> byAccept = send("GET", "/openapi", null, "application/json", null);
        HttpResponse<String> byFormat = send("GET", "/openapi?format=JSON", null, null, null);

        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.body().startsWith("openapi: 3."), yaml.body().lines().findFirst().orElse(""));
        assertTrue(yaml.body().contains("title: Notification API"), "YAML of the same document");
        assertEquals(200, byAccept.statusCode());
        assertTrue(byAccept.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(json(byAccept), json(byFormat), "?format=JSON answers what Accept: application/json does");
        JsonObject info = json(byAccept).asJsonObject().getJsonObject("info");
        assertEquals("Notification API", info.getString("title"));
        assertEquals("1.0.0", info.getString("version"));
    }

    /**
     * The document as served passes a strict lint ({@link OpenApiLint}): no member OpenAPI 3.0 does not allow (Payara
     * adds a top-level {@code endpoints}), no server URL with a trailing slash, no unused component. It is also written
     * to {@code target/openapi/payara-micro.json}, where {@code .ci/run} lints it with Redocly CLI.
     */
    @Test
    void theServedDocumentIsValidOpenApiUnderAStrictLint() throws IOException {
        HttpResponse<String> served = send("GET", "/openapi", null, "application/json", null);
        assertEquals(200, served.statusCode());
        java.nio.file.Path copy = java.nio.file.Path.of("target", "openapi", "payara-micro.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, served.body());

        assertEquals(List.of(), OpenApiLint.problems(served.body()), "what a strict reading of /openapi finds");
    }

    @Test
    void everyOperationTheApplicationServesIsDocumentedAndNoOther() {
        assertEquals(servedOperations(), contract.operations(),
                "the resource methods of the API's application, as METHOD /path, against the document's operations");
    }

    /** The WAR's resources are listed by its three applications: one that none lists would be served by none. */
    @Test
    void everyResourceOfTheWarIsServedByTheApiTheConsoleOrTheInboxAndNoneByTwo() throws IOException {
        Set<Class<?>> api = new NotificationApi().getClasses();
        Set<Class<?>> console = new OperatorConsole().getClasses();
        Set<Class<?>> inbox = new InboxPage().getClasses();
        Set<Class<?>> listed = new HashSet<>(api);
        listed.addAll(console);
        listed.addAll(inbox);

        assertTrue(listed.containsAll(resourcesOfTheWar()), "unlisted resources: " + resourcesOfTheWar().stream()
                .filter(type -> !listed.contains(type)).toList());
        assertTrue(api.stream().filter(type -> type.getAnnotation(Path.class) != null)
                .noneMatch(type -> console.contains(type) || inbox.contains(type)), "a resource of the API in another application");
        assertTrue(console.stream().filter(type -> type.getAnnotation(Path.class) != null).noneMatch(inbox::contains),
                "a resource in the console and the inbox");
    }

    @Test
    void theApiKeysAreDocumentedAsAnOptionalBearerSchemeAnd401OnEveryOperation() {
        JsonObject scheme = contract.root().getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("apiKey");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        assertEquals(Json.createArrayBuilder().add(Json.createObjectBuilder().add("apiKey", Json.createArrayBuilder()))
                        .add(Json.createObjectBuilder()).build(), contract.root().getJsonArray("security"),
                "a key, or none: the key is needed only when keys are configured");
        for (String operation : contract.operations()) {
            assertTrue(contract.statuses(operation).contains(401), operation + " documents 401");
            assertTrue(contract.response(operation, 401).getJsonObject("headers").containsKey("WWW-Authenticate"), operation);
        }
    }

    @Test
    void theUserTokensAreABearerSchemeOfTheirOwnListedOnlyOnAUsersEndpointsAnd403IsOnEveryOperation() {
        JsonObject scheme = contract.root().getJsonObject("components").getJsonObject("securitySchemes").getJsonObject("userToken");
        assertEquals("http", scheme.getString("type"));
        assertEquals("bearer", scheme.getString("scheme"));
        assertEquals("JWT", scheme.getString("bearerFormat"));
        Set<String> withTokens = new TreeSet<>();
        for (String operation : contract.operations()) {
            assertTrue(contract.statuses(operation).contains(403), operation + " documents 403");
            JsonArray security = contract.operation(operation).getJsonArray("security");
            if (security != null && security.toString().contains("userToken")) {
                assertEquals(Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("apiKey", Json.createArrayBuilder()))
                        .add(Json.createObjectBuilder().add("userToken", Json.createArrayBuilder()))
                        .add(Json.createObjectBuilder()).build(), security, operation + ": a key, a user's token, or none");
                withTokens.add(operation);
            }
        }
        assertEquals(new TreeSet<>(List.of("GET /api/users/{user_id}/events", "GET /api/users/{user_id}/events/unread-count",
                "POST /api/users/{user_id}/events/read", "GET /api/users/{user_id}/events/stream")), withTokens);
    }

    @Test
    void onlyTheContractsOwnSchemasAreComponents() {
        assertEquals(new TreeSet<>(List.of(Schemas.NEW_EVENT, Schemas.EVENT_ACCEPTED, Schemas.BATCH_ACCEPTED,
                        Schemas.STORED_EVENT, Schemas.TIMELINE_PAGE, Schemas.ERROR, Schemas.FIELD_ERROR,
                        Schemas.BATCH_NOT_ACCEPTED, Schemas.DEAD_LETTER, Schemas.DEAD_LETTER_LISTING,
                        Schemas.DEAD_LETTER_HANDLED, Schemas.REPLAY_REPORT, Schemas.MARK_READ, Schemas.READ_REPORT,
                        Schemas.UNREAD_COUNT)),
                new TreeSet<>(contract.root().getJsonObject("components").getJsonObject("schemas").keySet()),
                "no internal class of the application became a schema");
    }

    @Test
    void publishingAnEventAnswersEveryStatusItDocuments() {
        Operation publish = operation("POST /api/events");

        publish.answer(post("/api/events", "application/json", welcome(null)));
        publish.answer(post("/api/events", "application/json", "{\"user_id\": \"not a uuid\"}"));
        publish.answer(post("/api/events", "application/json", eventOfBytes(70_000)));
        publish.answer(post("/api/events", "text/plain", welcome(null)));
        publish.answer(send("POST", "/api/events", "application/json", NOT_JSON, welcome(null)));
        publish.answer(whileRabbitMqRefusesMessages(() -> post("/api/events", "application/json", welcome(UUID.randomUUID()))));

        publish.answeredEveryDocumentedStatus();
    }

    @Test
    void publishingABatchAnswersEveryStatusItDocuments() {
        Operation batch = operation("POST /api/events/batch");

        batch.answer(post("/api/events/batch", "application/json", "[" + welcome(null) + "]"));
        batch.answer(post("/api/events/batch", "application/json", "[]"));
        batch.answer(post("/api/events/batch", "application/json", "[" + String.join(",", Collections.nCopies(101, welcome(null))) + "]"));
        batch.answer(post("/api/events/batch", "application/json", "[" + eventOfBytes(1_100_000) + "]"));
        batch.answer(post("/api/events/batch", "text/plain", "[" + welcome(null) + "]"));
        batch.answer(send("POST", "/api/events/batch", "application/json", NOT_JSON, "[" + welcome(null) + "]"));
        HttpResponse<String> refused = whileRabbitMqRefusesMessages(
                () -> post("/api/events/batch", "application/json", "[" + welcome(null) + "," + welcome(null) + "]"));
        batch.answer(refused);
        assertEquals(2, json(refused).asJsonObject().getJsonArray("event_ids").size(), "the 503 names the batch's ids: " + refused.body());

        batch.answeredEveryDocumentedStatus();
    }

    @Test
    void readingAStoredEventAnswersEveryStatusItDocuments() {
        Operation read = operation("GET /api/events/{event_id}");
        UUID stored = UUID.randomUUID();
        assertEquals(202, post("/api/events", "application/json", welcome(stored)).statusCode());
        database.awaitStored(stored, STORED_WITHIN);

        read.answer(get("/api/events/" + stored));
        read.answer(get("/api/events/" + UUID.randomUUID()));
        read.answer(get("/api/events/not-a-uuid"));
        read.answer(send("GET", "/api/events/" + stored, null, NOT_JSON, null));

        read.answeredEveryDocumentedStatus();
    }

    @Test
    void readingATimelineAnswersEveryStatusItDocuments() {
        Operation timeline = operation("GET /api/users/{user_id}/events");
        for (int i = 0; i < 2; i++) {
            database.awaitStored(acceptedEventId(post("/api/events", "application/json", welcome(null))), STORED_WITHIN);
        }

        HttpResponse<String> page = get("/api/users/" + USER + "/events?limit=1");
        timeline.answer(page);
        assertTrue(page.headers().firstValue("Link").orElse("").contains("rel=\"next\""), "the Link it documents");
        timeline.answer(get("/api/users/" + USER + "/events?limit=0&since=yesterday"));
        timeline.answer(get("/api/users/not-a-uuid/events"));
        timeline.answer(send("GET", "/api/users/" + USER + "/events", null, NOT_JSON, null));

        timeline.answeredEveryDocumentedStatus();
    }

    @Test
    void markingEventsReadAnswersEveryStatusItDocuments() {
        Operation markRead = operation("POST /api/users/{user_id}/events/read");
        UUID stored = UUID.randomUUID();
        assertEquals(202, post("/api/events", "application/json", welcome(stored)).statusCode());
        database.awaitStored(stored, STORED_WITHIN);
        String path = "/api/users/" + USER + "/events/read";

        markRead.answer(post(path, "application/json", "{\"event_ids\": [\"" + stored + "\", \"" + UUID.randomUUID() + "\"]}"));
        markRead.answer(post(path, "application/json", "{\"all\": true}"));
        markRead.answer(post(path, "application/json", "{\"all\": false}"));
        markRead.answer(post(path, "application/json", "{\"all\": true, \"pad\": \"" + "x".repeat(70_000) + "\"}"));
        markRead.answer(post(path, "text/plain", "{\"all\": true}"));
        markRead.answer(send("POST", path, "application/json", NOT_JSON, "{\"all\": true}"));

        markRead.answeredEveryDocumentedStatus();
    }

    @Test
    void countingUnreadEventsAnswersEveryStatusItDocuments() {
        Operation count = operation("GET /api/users/{user_id}/events/unread-count");

        count.answer(get("/api/users/" + USER + "/events/unread-count"));
        count.answer(get("/api/users/not-a-uuid/events/unread-count"));
        count.answer(send("GET", "/api/users/" + USER + "/events/unread-count", null, NOT_JSON, null));

        count.answeredEveryDocumentedStatus();
    }

    @Test
    void openingAStreamAnswersEveryStatusItDocuments() throws IOException, InterruptedException {
        Operation stream = operation("GET /api/users/{user_id}/events/stream");
        HttpResponse<InputStream> open = http.send(HttpRequest.newBuilder(base.resolve("/api/users/" + USER + "/events/stream"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        open.body().close(); // the head is the answer; the stream itself never ends

        stream.answer(open, null);
        stream.answer(get("/api/users/not-a-uuid/events/stream"));
        stream.answer(send("GET", "/api/users/" + USER + "/events/stream", null, "application/json", null));

        stream.answeredEveryDocumentedStatus();
    }

    @Test
    void listingDeadLettersAnswersEveryStatusItDocuments() {
        Operation list = operation("GET /api/admin/dead-letters");
        broker.parkRaw("listed-" + UUID.randomUUID(), eventMessage(UUID.randomUUID()), "a test");

        list.answer(get("/api/admin/dead-letters?limit=5"));
        list.answer(get("/api/admin/dead-letters?limit=0"));
        list.answer(send("GET", "/api/admin/dead-letters", null, NOT_JSON, null));

        list.answeredEveryDocumentedStatus();
    }

    @Test
    void replayingTheOldestDeadLettersAnswersEveryStatusItDocuments() {
        Operation replayOldest = operation("POST /api/admin/dead-letters/replay");
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "a test");

        replayOldest.answer(whileNoQueueTakesMessages(() -> post("/api/admin/dead-letters/replay?limit=1", null, "")));
        replayOldest.answer(post("/api/admin/dead-letters/replay?limit=501", null, ""));
        replayOldest.answer(send("POST", "/api/admin/dead-letters/replay?limit=1", null, NOT_JSON, ""));
        replayOldest.answer(post("/api/admin/dead-letters/replay?limit=1", null, ""));

        replayOldest.answeredEveryDocumentedStatus();
    }

    @Test
    void replayingOneDeadLetterAnswersEveryStatusItDocuments() {
        Operation replay = operation("POST /api/admin/dead-letters/{message_id}/replay");
        UUID eventId = UUID.randomUUID();
        String path = "/api/admin/dead-letters/" + eventId + "/replay";
        broker.parkRaw(eventId.toString(), eventMessage(eventId), "a test");

        replay.answer(whileNoQueueTakesMessages(() -> post(path, null, "")));
        replay.answer(send("POST", path, null, NOT_JSON, ""));
        replay.answer(post(path, null, ""));
        replay.answer(post(path, null, ""));

        replay.answeredEveryDocumentedStatus();
        database.awaitStored(eventId, STORED_WITHIN);
    }

    @Test
    void discardingADeadLetterAnswersEveryStatusItDocuments() {
        Operation discard = operation("DELETE /api/admin/dead-letters/{message_id}");
        String messageId = "discarded-" + UUID.randomUUID();
        broker.parkRaw(messageId, eventMessage(UUID.randomUUID()), "a test");

        discard.answer(send("DELETE", "/api/admin/dead-letters/" + messageId, null, NOT_JSON, null));
        discard.answer(send("DELETE", "/api/admin/dead-letters/" + messageId, null, null, null));
        discard.answer(send("DELETE", "/api/admin/dead-letters/" + messageId, null, null, null));

        discard.answeredEveryDocumentedStatus();
    }

    /** Documented against observed statuses of every operation exercised, for the build's log. */
    @AfterAll
    static void printTheTable() {
        StringBuilder table = new StringBuilder("\nOpenAPI contract: operation | documented | observed\n");
        DOCUMENTED.forEach((operation, documented) -> table.append(operation).append(" | ").append(documented)
                .append(" | ").append(OBSERVED.getOrDefault(operation, Set.of())).append('\n'));
        System.out.println(table);
    }

    // --- the operation under test ---

    private Operation operation(String operation) {
        assertTrue(contract.operations().contains(operation), operation + " is documented");
        DOCUMENTED.put(operation, new TreeSet<>(contract.statuses(operation)));
        return new Operation(operation);
    }

    /** One documented operation, and what real requests to it were answered. */
    private final class Operation {

        private final String name;
        private final Set<Integer> observed = new TreeSet<>();

        Operation(String name) {
            this.name = name;
        }

        /** The answer is one the operation documents, with the headers it requires and the members its schema requires. */
        void answer(HttpResponse<String> response) {
            answer(response, response.body());
        }

        /** An answer whose body is {@code body}, or, for a stream, {@code null}: only its head is held to the contract. */
        void answer(HttpResponse<?> response, String body) {
            int status = response.statusCode();
            String what = name + " answered " + status + " " + body;
            if (!contract.statuses(name).contains(status)) {
                fail(what + ": a status not documented for it (documented: " + contract.statuses(name) + ")");
            }
            observed.add(status);
            OBSERVED.computeIfAbsent(name, key -> new TreeSet<>()).add(status);
            JsonObject documented = contract.response(name, status);
            for (Map.Entry<String, JsonValue> header : documented.getOrDefault("headers", JsonValue.EMPTY_JSON_OBJECT).asJsonObject().entrySet()) {
                JsonObject declared = contract.resolve(header.getValue().asJsonObject());
                if (declared.getBoolean("required", false)) {
                    assertTrue(response.headers().firstValue(header.getKey()).isPresent(), what + ": no " + header.getKey() + " header");
                }
            }
            JsonObject content = documented.getJsonObject("content");
            if (content != null && !content.containsKey("application/json")) { // a stream: its one documented type
                String type = content.keySet().iterator().next();
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(type), what);
            } else if (content != null) {
                assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what);
                JsonObject schema = content.getJsonObject("application/json").getJsonObject("schema");
                List<String> problems = new ArrayList<>();
                contract.check(json(body), schema, "body", problems);
                assertEquals(List.of(), problems, what);
            }
        }

        void answeredEveryDocumentedStatus() {
            Set<Integer> expected = new TreeSet<>(contract.statuses(name));
            expected.removeAll(NOT_PRODUCED_HERE.get("*").keySet());
            expected.removeAll(NOT_PRODUCED_HERE.getOrDefault(name, Map.of()).keySet());
            assertEquals(expected, observed, name + ": the documented statuses (but those not produced here) against the observed ones");
        }
    }

    // --- what the server serves ---

    /** Every resource method of the API's application, as {@code METHOD /api/path}. */
    private static Set<String> servedOperations() {
        Set<String> operations = new TreeSet<>();
        String applicationPath = "/" + NotificationApi.class.getAnnotation(ApplicationPath.class).value();
        for (Class<?> type : new NotificationApi().getClasses()) {
            Path resource = type.getAnnotation(Path.class);
            if (resource == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                for (var annotation : method.getAnnotations()) {
                    HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                    if (http != null) {
                        Path sub = method.getAnnotation(Path.class);
                        operations.add(http.value() + " " + join(applicationPath, resource.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return operations;
    }

    /** The classes of the WAR as built that are JAX-RS resources. */
    private static Set<Class<?>> resourcesOfTheWar() throws IOException {
        Set<Class<?>> resources = new HashSet<>();
        try (ZipFile war = new ZipFile("target/notification-micro.war")) {
            List<String> classes = war.stream().map(entry -> entry.getName())
                    .filter(name -> name.startsWith("WEB-INF/classes/") && name.endsWith(".class"))
                    .map(name -> name.substring("WEB-INF/classes/".length(), name.length() - ".class".length()).replace('/', '.'))
                    .toList();
            for (String className : classes) {
                Class<?> type = load(className);
                if (type.getAnnotation(Path.class) != null) {
                    resources.add(type);
                }
            }
        }
        return resources;
    }

    private static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            String trimmed = part.replaceAll("^/+|/+$", "");
            if (!trimmed.isEmpty()) {
                path.append('/').append(trimmed);
            }
        }
        return path.toString();
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, OpenApiContractIT.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("the WAR's class " + className + " is not on the test's class path", e);
        }
    }

    // --- requests ---

    private HttpResponse<String> whileRabbitMqRefusesMessages(java.util.function.Supplier<HttpResponse<String>> request) {
        broker.rejectPublishes();
        try {
            // The policy reaches the queue a moment after it is set.
            return Eventually.within(Duration.ofSeconds(10), request, response -> response.statusCode() == 503);
        } finally {
            broker.acceptPublishes();
            Eventually.within(Duration.ofSeconds(10), () -> post("/api/events", "application/json", welcome(null)),
                    response -> response.statusCode() == 202);
        }
    }

    private HttpResponse<String> whileNoQueueTakesMessages(java.util.function.Supplier<HttpResponse<String>> request) {
        broker.unbindQueue();
        try {
            return request.get();
        } finally {
            broker.bindQueue();
        }
    }

    private HttpResponse<String> get(String path) {
        return send("GET", path, null, null, null);
    }

    private HttpResponse<String> post(String path, String contentType, String body) {
        return send("POST", path, contentType, null, body);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String accept, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static UUID acceptedEventId(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        return UUID.fromString(json(response).asJsonObject().getString("event_id"));
    }

    private static JsonStructure json(HttpResponse<String> response) {
        return json(response.body());
    }

    private static JsonStructure json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }

    /** A valid event whose message makes its JSON about {@code bytes} long. */
    private static String eventOfBytes(int bytes) {
        return "{\"user_id\": \"" + USER + "\", \"event_type\": \"large\", \"message\": \"" + "x".repeat(bytes) + "\"}";
    }

    /** A valid event message, as the API publishes it. */
    private static byte[] eventMessage(UUID eventId) {
        return ("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", \"event_type\": \"parked\", "
                + "\"message\": \"Parked by a test\", \"accepted_at\": \"" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
