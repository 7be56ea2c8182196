package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {

    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
    private final Topology classic = new Topology(false, DELAYS);
    private final Topology quorum = new Topology(true, DELAYS);

    @Test
    void eachAttemptWaitsTheDelayOfItsNumberAndTheLastDelayRepeats() {
        assertEquals(Duration.ofSeconds(1), classic.retryDelay(1));
        assertEquals(Duration.ofSeconds(5), classic.retryDelay(2));
        assertEquals(Duration.ofSeconds(30), classic.retryDelay(3));
        assertEquals(Duration.ofSeconds(30), classic.retryDelay(10));
    }

    @Test
    void aRetryQueueIsNamedAfterItsDelay() {
        assertEquals("notification_events.retry.5000ms", Topology.retryQueue(Duration.ofSeconds(5)));
    }

    @Test
    void aRetryQueueHoldsAMessageForItsDelayThenHandsItBackToTheMainExchange() {
        assertEquals(Map.of("x-message-ttl", 5000L, "x-dead-letter-exchange", "notifications",
                "x-dead-letter-routing-key", "notification_events"), classic.retryQueueArguments(Duration.ofSeconds(5)));
    }

    @Test
    void classicQueuesDeadLetterRejectedEventsToTheParkingExchange() {
        assertEquals(Map.of("x-dead-letter-exchange", "notifications.dead"), classic.mainQueueArguments());
    }

    @Test
    void quorumQueuesAddADeliveryLimitAndDeadLetterAtLeastOnce() {
        assertEquals(Map.of("x-queue-type", "quorum", "x-delivery-limit", Topology.QUORUM_DELIVERY_LIMIT,
                "x-dead-letter-exchange", "notifications.dead", "x-dead-letter-strategy", "at-least-once",
                "x-overflow", "reject-publish"), quorum.mainQueueArguments());
        assertEquals("quorum", quorum.retryQueueArguments(Duration.ofSeconds(1)).get("x-queue-type"));
        assertEquals("at-least-once", quorum.retryQueueArguments(Duration.ofSeconds(1)).get("x-dead-letter-strategy"));
    }

    @Test
    void parkedMessagesSurviveAnyNumberOfListingsInAQuorumQueue() {
        assertEquals(Map.of("x-queue-type", "quorum", "x-delivery-limit", Topology.PARKED_DELIVERY_LIMIT), quorum.deadLetterQueueArguments());
        assertEquals(Map.of(), classic.deadLetterQueueArguments());
    }

    @Test
    void classicQueuesHaveNoQuorumArguments() {
        assertFalse(classic.retryQueueArguments(Duration.ofSeconds(1)).containsKey("x-queue-type"));
    }

    @Test
    void withoutARetryDelayThereIsNoTopology() {
        assertThrows(IllegalArgumentException.class, () -> new Topology(false, List.of()));
    }
}
