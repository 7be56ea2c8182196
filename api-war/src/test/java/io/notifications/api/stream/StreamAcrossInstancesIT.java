package io.notifications.api.stream;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SecondInstance;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two instances of the application on one database and one vhost: the test's Arquillian server, and a second Payara
 * Micro started as production starts one ({@link SecondInstance}). Both consume from the same queue, so each stores
 * some of the events; every event reaches the streams of both, which only PostgreSQL's notifications can bring about.
 * Then the second one is stopped with SIGTERM: it ends its streams, and their clients resume on the first with
 * {@code Last-Event-ID}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamAcrossInstancesIT extends OnPayaraMicro {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String STORED = "notifications_events_stored_total";
    private static SecondInstance second;

    @BeforeAll
    static void startTheSecondInstance() throws Exception {
        second = SecondInstance.start();
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    @Order(1)
    void everyEventStoredByEitherInstanceReachesTheStreamsOfBoth() throws Exception {
        UUID user = UUID.randomUUID();
        URI first = URI.create(deploymentUrl.toString());
        NotificationApiSystem secondApi = new NotificationApiSystem(second.base().toURL());
        double storedByFirst = api.metrics().value(STORED, "mp_scope", "application");
        double storedBySecond = secondApi.metrics().value(STORED, "mp_scope", "application");
        try (SseClient onFirst = SseClient.openAndAwaitRegistration(first, user, null);
             SseClient onSecond = SseClient.openAndAwaitRegistration(second.base(), user, null)) {
            Set<String> posted = new TreeSet<>();
            for (int i = 0; i < 10; i++) { // to both instances; each one's consumer takes every other message
                NotificationApiSystem to = i % 2 == 0 ? api : secondApi;
                posted.add(acceptedEventId(to.post(EventStreamIT.event(user, "across_" + i))).toString());
            }

            assertEquals(posted, ids(onFirst.events(10, WITHIN)), "on the first instance's stream");
            assertEquals(posted, ids(onSecond.events(10, WITHIN)), "on the second instance's stream");
        }
        double firstStored = api.metrics().value(STORED, "mp_scope", "application") - storedByFirst;
        double secondStored = secondApi.metrics().value(STORED, "mp_scope", "application") - storedBySecond;
        assertTrue(firstStored >= 1 && secondStored >= 1, "each instance stored some of the events, so each stream got "
                + "events the other instance stored: first " + firstStored + ", second " + secondStored);
    }

    @Test
    @Order(2)
    void anInstanceStoppedWithSigtermEndsItsStreamsAndTheirClientsResumeElsewhereWithLastEventId() throws Exception {
        UUID user = UUID.randomUUID();
        URI first = URI.create(deploymentUrl.toString());
        UUID seen;
        try (SseClient onSecond = SseClient.openAndAwaitRegistration(second.base(), user, null)) {
            seen = acceptedEventId(api.post(EventStreamIT.event(user, "before_the_stop")));
            SseClient.Message received = onSecond.nextEvent(WITHIN);
            assertNotNull(received);
            assertEquals(seen.toString(), received.id());

            Thread stopping = new Thread(() -> {
                try {
                    assertTrue(second.stop(Duration.ofSeconds(60)), "the second instance exits after SIGTERM");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            stopping.start();
            // Within 3 s: before the 5 s drain is over and the port closes, so it is the drain that ended it.
            assertSame(SseClient.END, onSecond.nextEvent(Duration.ofSeconds(3)), "the stream ends as the drain begins");
            stopping.join(70_000);
            assertTrue(!second.isAlive(), "the second instance stopped");
        }
        List<UUID> meanwhile = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            meanwhile.add(acceptedEventId(api.post(EventStreamIT.event(user, "after_the_stop_" + i))));
        }
        meanwhile.forEach(id -> database.awaitStored(id, WITHIN));
        try (SseClient onFirst = SseClient.openAndAwaitRegistration(first, user, seen)) {
            assertEquals(meanwhile.stream().map(UUID::toString).toList(),
                    onFirst.events(2, WITHIN).stream().map(SseClient.Message::id).toList());
        }
    }

    private static Set<String> ids(List<SseClient.Message> messages) {
        Set<String> ids = new TreeSet<>();
        messages.forEach(message -> ids.add(message.id()));
        return ids;
    }
}
