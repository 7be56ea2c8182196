package io.notifications.api.health;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SecondInstance;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Ready means able to publish. A load balancer sends an instance its share of the traffic the moment
 * {@code /health/ready} first says 200, so everything that publishing needs is open by then: the connection, the
 * topology and the shared confirm channels.
 */
class ReadinessIT extends OnPayaraMicro {

    private static final int BURST = 32;

    @Test
    void aBurstSentTheMomentAFreshInstanceIsReadyIsAcceptedWhole() throws Exception {
        UUID user = UUID.randomUUID();
        List<String> burst = IntStream.range(0, BURST).mapToObj(i -> "{\"user_id\": \"" + user
                + "\", \"event_type\": \"ready_burst\", \"message\": \"event " + i + "\", \"payload\": {}}").toList();

        List<HttpResponse<String>> answers;
        try (SecondInstance fresh = SecondInstance.start()) { // returns as soon as /health/ready answers 200
            answers = new NotificationApiSystem(fresh.base().toURL()).postAll(burst);
        }

        Map<Integer, List<String>> refused = new TreeMap<>();
        answers.stream().filter(answer -> answer.statusCode() != 202).forEach(answer ->
                refused.computeIfAbsent(answer.statusCode(), status -> new java.util.ArrayList<>()).add(answer.body()));
        assertEquals(Map.of(), refused, "every event of the burst accepted");
        answers.forEach(answer -> database.awaitStored(acceptedEventId(answer), Duration.ofSeconds(20)));
    }
}
