package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.notifications.testing.BrokerSystem;
import io.notifications.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code rabbitmq.quorum-queues=true} the same topology is declared as quorum queues, on the real broker, and
 * the retry loop still works: a message in a retry queue comes back to the main queue when its delay expires.
 */
class QuorumTopologyIT {

    private static final Duration DELAY = Duration.ofMillis(300);
    private static final Topology QUORUM = new Topology(true, List.of(DELAY));
    private static BrokerSystem broker;

    @BeforeAll
    static void declareQuorumQueuesInAVirtualHostOfTheirOwn() {
        broker = TestServices.broker().inFreshVirtualHost(System.getProperty("notification.test.name", "notification_test") + "_quorum");
        broker.onChannel(channel -> {
            QUORUM.declare(channel);
            QUORUM.declare(channel); // declaring again changes nothing: both sides declare at start-up
            return null;
        });
    }

    @AfterAll
    static void deleteTheVirtualHost() {
        broker.deleteVirtualHost();
    }

    @Test
    void theQueuesAreQuorumQueues() {
        broker.onChannel(channel -> {
            // A passive declaration with other arguments would be refused; declaring with the quorum ones is accepted.
            channel.queueDeclare(Topology.QUEUE, true, false, false, QUORUM.mainQueueArguments());
            return null;
        });
    }

    @Test
    void aMessageInARetryQueueReturnsToTheMainQueueAfterItsDelay() {
        byte[] body = "{\"retry\": true}".getBytes(StandardCharsets.UTF_8);

        GetResponse returned = broker.onChannel(channel -> {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .deliveryMode(2).headers(Map.of(Topology.ATTEMPTS_HEADER, 1)).build();
            channel.basicPublish(Topology.RETRY_EXCHANGE, Topology.retryQueue(DELAY), true, properties, body);
            channel.waitForConfirmsOrDie(5_000);
            for (int i = 0; i < 100; i++) {
                GetResponse response = channel.basicGet(Topology.QUEUE, true);
                if (response != null) {
                    return response;
                }
                Thread.sleep(50);
            }
            return null;
        });

        assertNotNull(returned, "the message came back to " + Topology.QUEUE);
        assertEquals("{\"retry\": true}", new String(returned.getBody(), StandardCharsets.UTF_8));
        assertEquals(1, ((Number) returned.getProps().getHeaders().get(Topology.ATTEMPTS_HEADER)).intValue(), "headers kept");
    }
}
