package io.notifications.ear;

import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.contract.OpenApiLint;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.Eventually;
import io.notifications.testing.TestServices;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * notification.ear, exactly as the build packaged it, deployed to a real Payara Server 6 domain (the one
 * server-config/server/payara-domain.sh made and started in pre-integration-test) against the real RabbitMQ and
 * PostgreSQL: the API WAR accepts an event, the consumer EJB stores it, and the server reports itself healthy.
 *
 * <p>The order of the extensions matters: TestServices makes the test database and vhost, PayaraDomainSettings gives
 * their settings to the domain, and only then does Arquillian deploy the EAR, whose consumer connects at once.
 */
@ExtendWith(TestServices.class)
@ExtendWith(PayaraDomainSettings.class)
@ExtendWith(ArquillianExtension.class)
class EarOnPayaraServerIT {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(10);
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File("target/notification.ear"));
    }

    @ArquillianResource
    URL deploymentUrl;

    final DatabaseSystem database = TestServices.database();
    NotificationApiSystem api;

    @BeforeEach
    void locateTheApplication() {
        api = new NotificationApiSystem(deploymentUrl);
    }

    @Test
    void aPostedEventIsAcceptedAndItsRowStoredWithinSecondsWithAllItsFields() {
        UUID userId = UUID.randomUUID();
        OffsetDateTime before = OffsetDateTime.now();

        HttpResponse<String> response = api.post("""
                {"user_id": "%s", "event_type": "user_registered", "message": "Welcome!", "payload": {"email": "a@b.c"}}
                """.formatted(userId));

        assertEquals(202, response.statusCode(), response.body());
        JsonObject answer = json(response);
        assertEquals("Event published successfully", answer.getString("message"), response.body());
        UUID eventId = UUID.fromString(answer.getString("event_id"));

        StoredEvent row = database.awaitStored(eventId, STORED_WITHIN);
        assertAll(
                () -> assertEquals(eventId, row.eventId()),
                () -> assertEquals(userId, row.userId()),
                () -> assertEquals("user_registered", row.eventType()),
                () -> assertEquals("Welcome!", row.message()),
                () -> assertEquals(Json.createObjectBuilder().add("email", "a@b.c").build(), Json.createReader(new StringReader(row.payload())).readObject()),
                () -> assertEquals("PROCESSED", row.status()),
                () -> assertNotNull(row.createdAt(), "created_at"),
                () -> assertFalse(row.createdAt().isBefore(before.minusSeconds(1)), "created_at " + row.createdAt() + " is the time of acceptance"),
                () -> assertNotNull(row.processedAt(), "processed_at"),
                () -> assertFalse(row.processedAt().isBefore(row.createdAt()), "processed_at " + row.processedAt() + " after created_at"));
    }

    @Test
    void theRestOfTheApiWorksOnPayaraServerToo() throws IOException {
        UUID userId = UUID.randomUUID();
        HttpResponse<String> batch = api.postBatch("[{\"user_id\": \"%1$s\", \"event_type\": \"first\", \"message\": \"one\"},"
                .formatted(userId) + "{\"user_id\": \"%1$s\", \"event_type\": \"second\", \"message\": \"two\"}]".formatted(userId));
        assertEquals(202, batch.statusCode(), batch.body());
        List<UUID> eventIds = json(batch).getJsonArray("event_ids").getValuesAs(JsonString.class).stream()
                .map(id -> UUID.fromString(id.getString())).toList();
        eventIds.forEach(eventId -> database.awaitStored(eventId, STORED_WITHIN));

        HttpResponse<String> event = api.get("/api/events/" + eventIds.get(0));
        assertEquals(200, event.statusCode(), event.body());
        assertEquals("first", json(event).getString("event_type"));

        HttpResponse<String> timeline = api.get("/api/users/" + userId + "/events");
        assertEquals(200, timeline.statusCode(), timeline.body());
        // One batch is accepted at one instant: its events share created_at, so their order is the event ids'.
        assertEquals(Set.of("first", "second"), json(timeline).getJsonArray("events").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("event_type")).collect(Collectors.toSet()), "the user's timeline");

        HttpResponse<String> unknown = api.get("/nope");
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("Not Found", json(unknown).getString("message"), "a JSON 404 from the WAR's error page, not the server's HTML");

        // One registry for the EJB module and the WAR: the WAR counts what it accepted, the EJB what it stored.
        HttpResponse<String> metrics = api.get("/metrics?scope=application");
        assertEquals(200, metrics.statusCode(), metrics.body());
        for (String counter : List.of("notifications_events_accepted_total", "notifications_events_stored_total")) {
            double value = metrics.body().lines().filter(line -> line.startsWith(counter + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            assertTrue(value >= 2, counter + " after a batch of two: " + value);
        }
        // The WAR's gauge of the health checks sees the EJB module's checks too (the consumer's among them).
        for (String kind : List.of("readiness", "liveness")) {
            assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("notifications_health_up{kind=\"" + kind + "\"")),
                    "notifications_health_up of " + kind);
        }

        HttpResponse<String> contract = api.get("/openapi?format=JSON");
        assertEquals(200, contract.statusCode(), contract.body());
        assertEquals(Set.of("/api/events", "/api/events/batch", "/api/events/{event_id}", "/api/users/{user_id}/events",
                        "/api/users/{user_id}/events/read", "/api/users/{user_id}/events/unread-count",
                        "/api/users/{user_id}/events/stream",
                        "/api/admin/dead-letters", "/api/admin/dead-letters/replay", "/api/admin/dead-letters/{message_id}",
                        "/api/admin/dead-letters/{message_id}/replay"),
                json(contract).getJsonObject("paths").keySet(), "the contract Payara Server serves");
        // The copy is kept for .ci/run, which lints it with Redocly CLI as it does Payara Micro's (OpenApiContractIT).
        java.nio.file.Path served = java.nio.file.Path.of("target", "openapi", "payara-server.json");
        Files.createDirectories(served.getParent());
        Files.writeString(served, contract.body());
        // Valid only because the domain holds the WAR's mp.openapi.* settings (payara-domain.sh war-settings): Payara
        // Server does not read them from the WAR inside the EAR.
        assertEquals(List.of(), OpenApiLint.problems(contract.body()), "what a strict reading of Payara Server's /openapi finds");
    }

    @Test
    void theOperatorsConsoleLogsInAndAnswersOnPayaraServer() throws Exception {
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = deploymentUrl.toURI();

        HttpResponse<String> anonymous = browser.send(HttpRequest.newBuilder(base.resolve("/admin/api/overview")).build(), BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), anonymous.body());

        String form = "username=" + PayaraDomainSettings.CONSOLE_USER + "&password=" + PayaraDomainSettings.CONSOLE_PASSWORD + "&next=%2Fadmin%2F";
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(base.resolve("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), BodyHandlers.ofString());
        assertEquals(303, login.statusCode(), login.body());
        String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow(() -> new AssertionError("no session: " + login.headers()));

        HttpResponse<String> overview = browser.send(HttpRequest.newBuilder(base.resolve("/admin/api/overview"))
                .header("Cookie", cookie).build(), BodyHandlers.ofString());
        assertEquals(200, overview.statusCode(), overview.body());
        assertTrue(overview.body().contains("notification_events"), "the queues' depths: " + overview.body());
    }

    /** Payara Server's listener settings (server-config/server/http-closed.asadmin) let these reach the application. */
    @Test
    void traceAndABodyOnGetAreAnsweredInJsonOnPayaraServerToo() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI base = deploymentUrl.toURI();

        HttpResponse<String> trace = client.send(HttpRequest.newBuilder(base.resolve("/api/events"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        HttpResponse<String> getWithBody = client.send(HttpRequest.newBuilder(base.resolve("/api/events/" + UUID.randomUUID()))
                .header("Content-Type", "application/json")
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"user_id\": \"x\"}")).build(), BodyHandlers.ofString());

        assertAll(
                () -> assertEquals(405, trace.statusCode(), trace.body()),
                () -> assertTrue(trace.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), trace.headers().toString()),
                () -> assertNotNull(json(trace).getString("message"), trace.body()),
                () -> assertEquals(400, getWithBody.statusCode(), getWithBody.body()),
                () -> assertTrue(getWithBody.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), getWithBody.headers().toString()),
                () -> assertNotNull(json(getWithBody).getString("message"), getWithBody.body()));
    }

    @Test
    void healthIsUpWithTheBrokerTheDatabaseAndTheConsumer() throws IOException {
        // The consumer and the publisher connect to RabbitMQ in the background once the EAR is deployed.
        HttpResponse<String> response = Eventually.within(READY_WITHIN, api::health, r -> r.statusCode() == 200);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response);
        assertEquals("UP", health.getString("status"), response.body());
        Map<String, JsonObject> checks = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
        assertEquals(Map.of("rabbitmq", "UP", "database", "UP", "consumer", "UP", "shutdown", "UP"),
                checks.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, check -> check.getValue().getString("status"))),
                response.body());
        assertEquals("CONSUMING", checks.get("consumer").getJsonObject("data").getString("state"), response.body());
        assertEquals(testBroker(), checks.get("rabbitmq").getJsonObject("data").getString("broker"),
                "the API publishes to the test broker and vhost, not to the application's defaults");
        assertEquals("jdbc/notifications", checks.get("database").getJsonObject("data").getString("dataSource"), response.body());
    }

    /** The broker the domain was given, as the health check names it: host:port vhost name. */
    private static String testBroker() throws IOException {
        Properties settings = new Properties();
        try (Reader reader = Files.newBufferedReader(TestServices.SERVER_PROPERTIES)) {
            settings.load(reader);
        }
        return settings.getProperty("rabbitmq.host") + ":" + settings.getProperty("rabbitmq.port")
                + " vhost " + settings.getProperty("rabbitmq.vhost");
    }
}
