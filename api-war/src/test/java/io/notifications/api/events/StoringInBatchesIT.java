package io.notifications.api.events;

import static io.notifications.api.system.SampleEvents.welcome;
import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.message.Topology;
import io.notifications.testing.BrokerSystem.RawMessage;
import io.notifications.testing.Eventually;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The consumer stores deliveries in batches, one transaction each, on Payara Micro against the real RabbitMQ and
 * PostgreSQL: nothing is acknowledged before its batch committed, an event the database refuses is parked without
 * taking its neighbours along, an event id delivered several times is stored once, and the counters say what
 * happened.
 *
 * <p>To put messages in one batch, a test publishes them while the consumer holds an earlier event it cannot store
 * (the database refuses connections): they gather behind it, and come out together once the database is back.
 */
class StoringInBatchesIT extends OnPayaraMicro {

    private static final Duration STORED_WITHIN = Duration.ofSeconds(30);

    @Test
    void deliveriesWaitingForTheDatabaseStayUnacknowledgedAndAreStoredAsOneBatchInOneTransaction() {
        List<UUID> eventIds = IntStream.range(0, 20).mapToObj(i -> UUID.randomUUID()).toList();
        Map<String, Long> before = consumerCounts();

        publishAsOneBatch(eventIds.stream().map(id -> new RawMessage(id.toString(), event(id))).toList());

        eventIds.forEach(id -> database.awaitStored(id, STORED_WITHIN));
        assertEquals(1, database.transactionsThatStored(eventIds), "one transaction for the batch");
        assertEquals(0, Eventually.within(Duration.ofSeconds(10), broker::messagesUnacknowledged, n -> n == 0), "all acknowledged after the commit");
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(20 + 1 + 1, after.get("stored") - before.get("stored"), "the batch, the event held in hand, the marker");
        assertEquals(0, after.get("duplicates") - before.get("duplicates"));
    }

    @Test
    void anEventTheDatabaseRefusesIsParkedAloneAndEveryOtherEventOfItsBatchIsStored() {
        List<UUID> neighbours = IntStream.range(0, 9).mapToObj(i -> UUID.randomUUID()).toList();
        UUID refused = UUID.randomUUID();
        List<RawMessage> batch = new ArrayList<>(neighbours.stream().map(id -> new RawMessage(id.toString(), event(id))).toList());
        // Valid JSON and a valid instant, but beyond PostgreSQL's last year (294276): SQLState 22008.
        batch.add(4, new RawMessage(refused.toString(), event(refused, "+300000-01-01T00:00:00Z")));
        Map<String, Long> before = consumerCounts();

        publishAsOneBatch(batch);

        neighbours.forEach(id -> database.awaitStored(id, STORED_WITHIN));
        GetResponse parked = broker.awaitDeadLetter(refused.toString(), Duration.ofSeconds(10)).orElseThrow(() -> new AssertionError("not parked"));
        assertTrue(reason(parked).startsWith("database refused the event: "), reason(parked));
        assertTrue(reason(parked).contains("out of range"), reason(parked));
        assertEquals(1, ((Number) parked.getProps().getHeaders().get(Topology.ATTEMPTS_HEADER)).intValue());
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(List.of(), database.rowsOf(refused));
        assertEquals(1, after.get("parked") - before.get("parked"));
        // Refused data is not tried again: it never went through a retry queue, which would have added RabbitMQ's
        // x-death header. (Not the count of retries: the event held in hand may meet the database's return between its
        // failure and the check of whether the database answers, and be retried once, rightly.)
        assertNull(parked.getProps().getHeaders().get("x-death"), "refused data is not tried again");
        assertEquals(9 + 1 + 1, after.get("stored") - before.get("stored"), "the neighbours, the event held in hand, the marker");
    }

    @Test
    void anEventIdDeliveredSeveralTimesInOneBatchIsStoredOnceAndTheOtherCopiesCountAsDuplicates() {
        UUID twice = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        Map<String, Long> before = consumerCounts();

        publishAsOneBatch(List.of(raw(twice), raw(other), raw(twice), raw(twice), raw(third)));

        List.of(twice, other, third).forEach(id -> database.awaitStored(id, STORED_WITHIN));
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(1, database.rowsOf(twice).size());
        assertEquals(1, database.transactionsThatStored(List.of(twice, other, third)));
        assertEquals(2, after.get("duplicates") - before.get("duplicates"));
        assertEquals(3 + 1 + 1, after.get("stored") - before.get("stored"), "three events, the event held in hand, the marker");
    }

    @Test
    void anEventIdStoredByAnEarlierBatchIsAcknowledgedAsADuplicateInALaterOne() {
        UUID stored = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        broker.publishRaw(stored.toString(), event(stored));
        database.awaitStored(stored, STORED_WITHIN);
        Map<String, Long> before = consumerCounts();

        broker.publishRaw(List.of(raw(stored), raw(fresh)));

        database.awaitStored(fresh, STORED_WITHIN);
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(1, database.rowsOf(stored).size());
        assertEquals(1, after.get("duplicates") - before.get("duplicates"));
        assertEquals(0, Eventually.within(Duration.ofSeconds(10), broker::messagesUnacknowledged, n -> n == 0));
    }

    @Test
    void invalidMessagesOfABatchAreParkedOnTheirOwnAndItsEventsAreStoredAndAcknowledgedOnce() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String notJson = "not-json-" + UUID.randomUUID();
        String noUser = "no-user-" + UUID.randomUUID();
        Map<String, Long> before = consumerCounts();

        // The last delivery of the batch is parked: the batch's acknowledgement must stop at the last stored one.
        publishAsOneBatch(List.of(raw(first), new RawMessage(notJson, utf8("this is not JSON")), raw(second),
                new RawMessage(noUser, utf8("{\"event_id\": \"" + UUID.randomUUID() + "\", \"event_type\": \"t\", \"message\": \"m\", "
                        + "\"accepted_at\": \"2026-11-26T10:15:30Z\"}"))));

        database.awaitStored(first, STORED_WITHIN);
        database.awaitStored(second, STORED_WITHIN);
        assertTrue(broker.awaitDeadLetter(notJson, Duration.ofSeconds(10)).isPresent(), "not parked: " + notJson);
        assertTrue(broker.awaitDeadLetter(noUser, Duration.ofSeconds(10)).isPresent(), "not parked: " + noUser);
        Map<String, Long> after = settledConsumerCounts();
        assertEquals(2, after.get("parked") - before.get("parked"));
        assertEquals(0, after.get("duplicates") - before.get("duplicates"), "nothing delivered again: the channel stayed open");
        assertEquals("CONSUMING", consumerData(api.health()).getString("state"));
    }

    @Test
    void anEventWaitingOnALockHoldsUpItsBatchForOneTimeoutAndThenGoesToTheRetryQueueAlone() {
        UUID held = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        long retriedBefore = consumerCounts().get("retried");
        try (var lock = database.holdEventId(held)) {
            broker.publishRaw(List.of(raw(before), raw(held), raw(after)));

            // The statement timeout in the tests is 1 s: the batch waits that long once, then its events go one by one.
            database.awaitStored(before, Duration.ofSeconds(10));
            database.awaitStored(after, Duration.ofSeconds(10));
            long retried = Eventually.within(Duration.ofSeconds(10), () -> consumerCounts().get("retried"), n -> n > retriedBefore);
            assertTrue(retried > retriedBefore, "the held event went to a retry queue");
        }

        assertEquals("user_registered", database.awaitStored(held, STORED_WITHIN).eventType(), "stored by the consumer once the lock is gone");
    }

    // --- helpers ---

    /**
     * Publishes the messages so that the consumer takes them as one batch, and checks that none is acknowledged while
     * nothing can be committed: the database refuses connections, the consumer holds one event it cannot store, and
     * the messages gather behind it; once the database is back, that event is stored and they come out together.
     */
    private void publishAsOneBatch(List<RawMessage> messages) {
        UUID inHand = UUID.randomUUID();
        database.refuseConnections();
        try {
            broker.publishRaw(inHand.toString(), event(inHand));
            Eventually.within(Duration.ofSeconds(10), broker::messagesInQueue, ready -> ready == 0);
            pause(Duration.ofMillis(300)); // the batch in hand has formed: the linger time is 10 ms
            broker.publishRaw(messages);

            long unacknowledged = Eventually.within(Duration.ofSeconds(20), broker::messagesUnacknowledged, n -> n == messages.size() + 1);
            assertEquals(messages.size() + 1, unacknowledged, "delivered, and none acknowledged while the database is away");
        } finally {
            database.allowConnections();
        }
        database.awaitStored(inHand, Duration.ofSeconds(60));
    }

    /** The consumer's counters once everything published before now has been handled (the queue is first in, first out). */
    private Map<String, Long> settledConsumerCounts() {
        database.awaitStored(acceptedEventId(api.post(welcome(null))), STORED_WITHIN);
        return consumerCounts();
    }

    private Map<String, Long> consumerCounts() {
        JsonObject data = consumerData(api.health());
        return List.of("stored", "duplicates", "retried", "parked").stream()
                .collect(Collectors.toMap(name -> name, name -> Long.parseLong(data.getString(name))));
    }

    private static JsonObject consumerData(HttpResponse<String> health) {
        return json(health).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("consumer"))
                .map(check -> check.getJsonObject("data"))
                .findFirst().orElseThrow(() -> new AssertionError("no consumer check in " + health.body()));
    }

    private static RawMessage raw(UUID eventId) {
        return new RawMessage(eventId.toString(), event(eventId));
    }

    private static byte[] event(UUID eventId) {
        return event(eventId, "2026-11-26T10:15:30.123456Z");
    }

    /** A message as the API publishes it. */
    private static byte[] event(UUID eventId, String acceptedAt) {
        return utf8("{\"event_id\": \"" + eventId + "\", \"user_id\": \"" + UUID.randomUUID() + "\", "
                + "\"event_type\": \"user_registered\", \"message\": \"Welcome!\", \"payload\": {\"n\": 1}, "
                + "\"accepted_at\": \"" + acceptedAt + "\"}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String reason(GetResponse parked) {
        Object reason = parked.getProps().getHeaders().get(Topology.PARKED_REASON_HEADER);
        return reason == null ? "" : reason.toString();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
