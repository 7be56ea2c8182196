package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static io.notifications.api.system.SampleEvents.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.message.Topology;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The consumer and the health checks, on Payara Micro against the real RabbitMQ and PostgreSQL: each event is
 * stored once however often it is delivered, bad messages are parked instead of blocking the queue, and a database
 * outage delays events without losing them.
 */
class StoringIT extends OnPayaraMicro {

    @Test
    void healthIsUpWithTheBrokerTheDatabaseAndTheConsumer() {
        HttpResponse<String> response = api.health();

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response);
        assertEquals("UP", health.getString("status"));
        Map<String, String> checks = checks(health);
        assertEquals(Map.of("rabbitmq", "UP", "database", "UP", "consumer", "UP", "shutdown", "UP"), checks);
    }

    @Test
    void aMessageDeliveredTwiceIsStoredOnce() {
        UUID eventId = UUID.randomUUID();
        byte[] message = message(eventId, "\"accepted_at\": \"2026-11-26T10:15:30.123456Z\"");

        broker.publishRaw(eventId.toString(), message);
        broker.publishRaw(eventId.toString(), message);

        StoredEvent row = database.awaitStored(eventId, Duration.ofSeconds(5));
        assertEquals(Instant.parse("2026-11-26T10:15:30.123456Z"), row.createdAt().toInstant(), "created_at is the accepted time");
        database.awaitStored(acceptedEventId(api.post(welcome(null))), Duration.ofSeconds(5)); // everything before it has been consumed
        assertEquals(1, database.rowsOf(eventId).size());
    }

    @Test
    void aMessageThatIsNotJsonIsParkedWithItsReasonAndTheNextEventIsStillStored() {
        String messageId = "not-json-" + UUID.randomUUID();

        broker.publishRaw(messageId, "this is not JSON".getBytes(StandardCharsets.UTF_8));

        GetResponse parked = broker.awaitDeadLetter(messageId, Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("not parked"));
        assertEquals("this is not JSON", new String(parked.getBody(), StandardCharsets.UTF_8), "parked as it came");
        assertTrue(reason(parked).contains("must be a JSON object"), reason(parked));
        database.awaitStored(acceptedEventId(api.post(welcome(null))), Duration.ofSeconds(5));
    }

    @Test
    void anEventMessageThatFailsValidationIsParkedWithTheFieldsAtFault() {
        UUID eventId = UUID.randomUUID();

        String blankTypeNoAcceptedAt = "{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"\", \"message\": \"Welcome!\"}";

        broker.publishRaw(eventId.toString(), blankTypeNoAcceptedAt.getBytes(StandardCharsets.UTF_8));

        GetResponse parked = broker.awaitDeadLetter(eventId.toString(), Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("not parked"));
        assertTrue(reason(parked).contains("accepted_at is required"), reason(parked));
        assertTrue(reason(parked).contains("event_type must not be blank"), reason(parked));
        assertEquals(List.of(), database.rowsOf(eventId));
    }

    @Test
    void whileTheDatabaseIsUnreachableHealthIsDownAndAcceptedEventsWaitUntilItIsBack() {
        UUID eventId = UUID.randomUUID();
        database.refuseConnections();
        try {
            assertEquals(202, api.post(welcome(eventId)).statusCode(), "accepting needs no database");

            HttpResponse<String> health = Eventually.within(Duration.ofSeconds(15), api::health, r -> r.statusCode() == 503);
            assertEquals(503, health.statusCode(), health.body());
            assertEquals("DOWN", json(health).getString("status"));
            assertEquals("DOWN", checks(json(health)).get("database"));
            assertEquals("UP", checks(json(health)).get("consumer"), "the consumer waits; it is not dead");
        } finally {
            database.allowConnections();
        }

        StoredEvent row = Eventually.within(Duration.ofSeconds(60), () -> database.rowsOf(eventId), rows -> !rows.isEmpty())
                .stream().findFirst().orElseThrow(() -> new AssertionError("event lost after the outage"));
        assertEquals(eventId, row.eventId());
        HttpResponse<String> health = Eventually.within(Duration.ofSeconds(30), api::health, r -> r.statusCode() == 200);
        assertEquals(200, health.statusCode(), health.body());
    }

    @Test
    void whenTheBrokerDropsItsConnectionsTheApiAnswers503UntilBothSidesHaveRecoveredByThemselves() {
        acceptedEventId(api.post(welcome(null))); // both sides are connected

        broker.dropConnections();

        HttpResponse<String> down = Eventually.within(Duration.ofSeconds(5), api::health,
                r -> "DOWN".equals(checks(json(r)).get("rabbitmq")));
        assertEquals("DOWN", checks(json(down)).get("rabbitmq"), down.body());
        HttpResponse<String> meanwhile = api.post(welcome(null));
        assertEquals(503, meanwhile.statusCode(), meanwhile.body());
        assertTrue(meanwhile.headers().firstValue("Retry-After").isPresent());

        UUID eventId = UUID.randomUUID();
        HttpResponse<String> later = Eventually.within(Duration.ofSeconds(30), () -> api.post(welcome(eventId)), r -> r.statusCode() == 202);
        assertEquals(202, later.statusCode(), "the API's connection recovered: " + later.body());
        database.awaitStored(eventId, Duration.ofSeconds(30)); // the consumer's connection recovered too
        HttpResponse<String> health = Eventually.within(Duration.ofSeconds(10), api::health, r -> r.statusCode() == 200);
        assertEquals("CONSUMING", consumerState(health), health.body());
    }

    @Test
    void anAttemptThatFailsWhileTheDatabaseAnswersIsRetriedLaterAndTheEventStoredOnce() {
        UUID eventId = UUID.randomUUID();
        long retriedBefore = consumerCount("retried");
        try (var held = database.holdEventId(eventId)) {
            acceptedEventId(api.post(welcome(eventId)));

            long retried = Eventually.within(Duration.ofSeconds(10), () -> consumerCount("retried"), n -> n > retriedBefore);
            assertTrue(retried > retriedBefore, "the first attempt timed out and went to a retry queue");
        }

        StoredEvent row = database.awaitStored(eventId, Duration.ofSeconds(10));
        assertEquals("user_registered", row.eventType(), "stored by the consumer, not the test's held row");
    }

    @Test
    void anEventWhoseAttemptsAllFailIsParkedWithTheAttemptCountAndTheLastFailure() {
        UUID eventId = UUID.randomUUID();
        GetResponse parked;
        try (var held = database.holdEventId(eventId)) {
            acceptedEventId(api.post(welcome(eventId)));

            parked = broker.awaitDeadLetter(eventId.toString(), Duration.ofSeconds(20)).orElseThrow(() -> new AssertionError("not parked"));
        }

        assertEquals(3, ((Number) parked.getProps().getHeaders().get(Topology.ATTEMPTS_HEADER)).intValue(), "consumer.max-attempts in the tests");
        assertTrue(reason(parked).startsWith("gave up after 3 attempts: "), reason(parked));
        Instant firstFailure = Instant.parse(parked.getProps().getHeaders().get(Topology.FIRST_FAILED_AT_HEADER).toString());
        Instant lastFailure = Instant.parse(parked.getProps().getHeaders().get(Topology.PARKED_AT_HEADER).toString());
        assertTrue(firstFailure.plusMillis(600).isBefore(lastFailure),
                "the first failure is kept through both retry delays (200 and 400 ms): " + firstFailure + ", " + lastFailure);
        assertEquals(List.of(), settledRows(eventId), "parked, not stored");
    }

    // --- helpers ---

    /** A counter of the consumer, from its liveness check. */
    private long consumerCount(String name) {
        return Long.parseLong(consumerData(api.health()).getString(name));
    }

    private static JsonObject consumerData(HttpResponse<String> health) {
        return json(health).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("consumer"))
                .map(check -> check.getJsonObject("data"))
                .findFirst().orElseThrow(() -> new AssertionError("no consumer check in " + health.body()));
    }

    /** The rows of an event once everything published before now has been consumed (the queue is first in, first out). */
    private List<StoredEvent> settledRows(UUID eventId) {
        database.awaitStored(acceptedEventId(api.post(welcome(null))), Duration.ofSeconds(10));
        return database.rowsOf(eventId);
    }

    private static String consumerState(HttpResponse<String> health) {
        return consumerData(health).getString("state");
    }

    /** A message as the API would publish it, with {@code extra} fields (and no accepted_at unless given). */
    private static byte[] message(UUID eventId, String extra) {
        return ("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"user_registered\", \"message\": \"Welcome!\", " + extra + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(GetResponse parked) {
        Object reason = parked.getProps().getHeaders().get(Topology.PARKED_REASON_HEADER);
        return reason == null ? "" : reason.toString();
    }

    private static Map<String, String> checks(JsonObject health) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check.getString("status"), (a, b) -> a + "," + b));
    }


}
