package io.notifications.api.events;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static io.notifications.api.system.SampleEvents.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.ServerSettings;
import io.notifications.message.Topology;
import io.notifications.testing.BrokerSystem;
import io.notifications.testing.BrokerSystem.RawMessage;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.DatabaseSystem.FailingCommits;
import io.notifications.testing.Eventually;
import io.notifications.testing.TestServices;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer acknowledges a message only once what became of it is durable, on Payara Micro against the real
 * RabbitMQ and PostgreSQL: a copy for the parking queue that no queue takes leaves the original in its queue until one
 * does; a commit that fails after the insert ran leaves the message to come back; an event delivered again after its
 * row committed is a duplicate, never a failure to park.
 *
 * <p>Its server allows {@value #MAX_ATTEMPTS} attempts ({@link ManyAttempts}), so that an event whose commits fail
 * keeps coming back through the retry queues for as long as a test needs, instead of being parked after three.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(AcknowledgingIT.ManyAttempts.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class AcknowledgingIT {

    static final int MAX_ATTEMPTS = 1_000;
    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);

    /** Attempts enough that no event of these tests is parked for failing. */
    public static final class ManyAttempts extends ServerSettings {
        @Override
        protected Map<String, String> settings() {
            return Map.of("consumer.max-attempts", String.valueOf(MAX_ATTEMPTS));
        }
    }

    @Deployment(testable = false)
    @TargetsContainer(ServerSettings.CONTAINER)
    static WebArchive bundle() {
        return OnPayaraMicro.bundle();
    }

    @ArquillianResource
    URL deploymentUrl;

    private NotificationApiSystem api;
    private final DatabaseSystem database = TestServices.database();
    private final BrokerSystem broker = TestServices.broker();

    @BeforeEach
    void connect() {
        api = new NotificationApiSystem(deploymentUrl);
    }

    @Test
    void aParkedCopyNoQueueTakesLeavesTheMessageUnacknowledgedUntilTheParkingQueueIsBoundAgainThenItIsParkedOnce() {
        UUID refused = UUID.randomUUID();
        Map<String, Long> before = consumerCounts();
        int logMark = DeployedApplication.serverLines();
        broker.unbindDeadLetterQueue();
        try {
            // Valid JSON, but beyond PostgreSQL's last year: the database refuses it, so it must be parked at once.
            broker.publishRaw(refused.toString(), event(refused, "+300000-01-01T00:00:00Z"));

            long refusals = Eventually.within(Duration.ofSeconds(15), () -> consumerCounts().get("copies_refused"),
                    n -> n >= before.get("copies_refused") + 2);
            assertTrue(refusals >= before.get("copies_refused") + 2, "the parked copy was returned, and again after a pause");
            assertEquals(1, broker.messagesUnacknowledged(), "the original is held, unacknowledged, in " + Topology.QUEUE);
            assertEquals(List.of(), broker.parkedCopiesOf(refused.toString()));
            assertEquals(before.get("parked"), consumerCounts().get("parked"), "not counted as parked");
            String log = String.join("\n", DeployedApplication.serverLinesSince(logMark));
            int line = log.indexOf("the copy of event " + refused + " for " + Topology.DEAD_LETTER_QUEUE);
            assertTrue(line >= 0, "the server logs why, naming the event and the queue");
            assertTrue(log.substring(Math.max(0, line - 400), line).contains("WARNING"), "a warning: " + log.substring(Math.max(0, line - 400), line));
            assertTrue(log.substring(line).lines().findFirst().orElse("").contains("the original stays unacknowledged"), log.substring(line));
        } finally {
            broker.bindDeadLetterQueue();
        }

        List<GetResponse> parked = Eventually.within(STORED_WITHIN, () -> broker.parkedCopiesOf(refused.toString()), copies -> !copies.isEmpty());
        assertEquals(1, parked.size(), "parked once the queue is bound again");
        assertTrue(reason(parked.get(0)).startsWith("database refused the event: "), reason(parked.get(0)));
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(1, broker.parkedCopiesOf(refused.toString()).size(), "parked exactly once");
        assertEquals(1, after.get("parked") - before.get("parked"));
        assertEquals(0, Eventually.within(Duration.ofSeconds(10), broker::messagesUnacknowledged, n -> n == 0), "the original acknowledged");
        assertEquals(List.of(), database.rowsOf(refused));
    }

    @Test
    void aCommitThatFailsAfterTheInsertRanAcknowledgesNothingAndTheEventIsStoredOnceWhenCommitsGoThroughAgain() {
        UUID eventId = UUID.randomUUID();
        Map<String, Long> before = consumerCounts();
        try (FailingCommits failing = database.failCommitsOf(eventId)) {
            broker.publishRaw(eventId.toString(), event(eventId, "2026-11-26T10:15:30.123456Z"));

            // Three commits failed, each after its insert ran; the message came back from the retry queue for each.
            long failed = Eventually.within(Duration.ofSeconds(20), failing::failed, n -> n >= 3);
            assertTrue(failed >= 3, "the insert ran and its commit failed, three times: " + failed);
            assertEquals(List.of(), database.rowsOf(eventId), "nothing stored while every commit fails");
            assertTrue(consumerCounts().get("retried") - before.get("retried") >= 2, "the message went to a retry queue and came back");
        }

        database.awaitStored(eventId, STORED_WITHIN);
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(1, database.rowsOf(eventId).size(), "stored once");
        assertEquals(List.of(), broker.parkedCopiesOf(eventId.toString()), "never parked");
        assertEquals(0, after.get("parked") - before.get("parked"));
        assertEquals(0, after.get("duplicates") - before.get("duplicates"), "no row before the one that committed");
        assertEquals(0, Eventually.within(Duration.ofSeconds(10), broker::messagesUnacknowledged, n -> n == 0));
    }

    @Test
    void anEventDeliveredAgainAfterItsRowCommittedIsCountedAsADuplicateAndNeverParked() {
        UUID stored = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        broker.publishRaw(stored.toString(), event(stored, "2026-11-26T10:15:30.123456Z"));
        database.awaitStored(stored, STORED_WITHIN);
        Map<String, Long> before = consumerCounts();
        long parkedBefore = broker.messagesParked();

        // Delivered again, as RabbitMQ does when the acknowledgement of a committed batch was lost, beside a new event.
        broker.publishRaw(List.of(new RawMessage(stored.toString(), event(stored, "2026-11-26T10:15:30.123456Z")),
                new RawMessage(fresh.toString(), event(fresh, "2026-11-26T10:15:31Z"))));

        database.awaitStored(fresh, STORED_WITHIN);
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(1, after.get("duplicates") - before.get("duplicates"), "counted as a duplicate");
        assertEquals(0, after.get("parked") - before.get("parked"), "not parked");
        assertEquals(List.of(), broker.parkedCopiesOf(stored.toString()));
        assertEquals(parkedBefore, broker.messagesParked(), "the parking queue got nothing");
        assertEquals(1, database.rowsOf(stored).size());
        assertEquals(0, Eventually.within(Duration.ofSeconds(10), broker::messagesUnacknowledged, n -> n == 0), "acknowledged");
    }

    // --- helpers ---

    /** The consumer's counters once everything published before now has been handled (the queue is first in, first out). */
    private Map<String, Long> settledConsumerCounts() {
        database.awaitStored(acceptedEventId(api.post(welcome(null))), STORED_WITHIN);
        return consumerCounts();
    }

    /** The consumer's counters, from its liveness check. */
    private Map<String, Long> consumerCounts() {
        HttpResponse<String> health = api.health();
        JsonObject data = json(health).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("consumer"))
                .map(check -> check.getJsonObject("data"))
                .findFirst().orElseThrow(() -> new AssertionError("no consumer check in " + health.body()));
        return List.of("stored", "duplicates", "retried", "parked", "copies_refused").stream()
                .collect(Collectors.toMap(name -> name, name -> Long.parseLong(data.getString(name))));
    }

    /** A message as the API publishes it. */
    private static byte[] event(UUID eventId, String acceptedAt) {
        return ("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"user_registered\", \"message\": \"Welcome!\", \"accepted_at\": \"" + acceptedAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(GetResponse parked) {
        Object reason = parked.getProps().getHeaders().get(Topology.PARKED_REASON_HEADER);
        return reason == null ? "" : reason.toString();
    }
}
