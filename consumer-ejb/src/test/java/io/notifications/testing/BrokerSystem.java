package io.notifications.testing;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.notifications.message.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The test broker as the tests see it: publishing straight to the queue, reading the dead-letter queue. */
public final class BrokerSystem {

    private static final String REJECT_ALL_POLICY = "tests-reject-all";

    private final String host;
    private final int port;
    private final String virtualHost;
    private final String user;
    private final String password;
    private final RabbitmqCtl rabbitmqctl;

    /** Runs {@code rabbitmqctl} against the broker: on this machine, or inside its container; gives its output. */
    interface RabbitmqCtl {
        String run(String... arguments) throws Exception;
    }

    /** A message as a publisher other than the API might send it: any bytes under a message id. */
    public record RawMessage(String messageId, byte[] body) {
    }

    BrokerSystem(String host, int port, String virtualHost, String user, String password, RabbitmqCtl rabbitmqctl) {
        this.host = host;
        this.port = port;
        this.virtualHost = virtualHost;
        this.user = user;
        this.password = password;
        this.rabbitmqctl = rabbitmqctl;
    }

    Map<String, String> serverProperties() {
        return Map.of("rabbitmq.host", host, "rabbitmq.port", String.valueOf(port), "rabbitmq.vhost", virtualHost,
                "rabbitmq.user", user, "rabbitmq.password", password);
    }

    /** Publishes raw bytes where the API publishes events, as a misbehaving publisher would. */
    public void publishRaw(String messageId, byte[] body) {
        withChannel(channel -> {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(messageId).contentType(Topology.CONTENT_TYPE).deliveryMode(2).build();
            channel.basicPublish(Topology.EXCHANGE, Topology.ROUTING_KEY, true, properties, body);
            channel.waitForConfirmsOrDie(5_000);
            return null;
        });
    }

    /** Publishes raw bytes with the given headers (a {@code traceparent}, say) where the API publishes events. */
    public void publishRaw(String messageId, byte[] body, Map<String, Object> headers) {
        withChannel(channel -> {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(messageId).contentType(Topology.CONTENT_TYPE).deliveryMode(2).headers(headers).build();
            channel.basicPublish(Topology.EXCHANGE, Topology.ROUTING_KEY, true, properties, body);
            channel.waitForConfirmsOrDie(5_000);
            return null;
        });
    }

    /**
     * Publishes the messages one after the other on one channel and waits for RabbitMQ's confirms once at the end, so
     * that they arrive in the queue (and at a consumer) within milliseconds of each other.
     */
    public void publishRaw(List<RawMessage> messages) {
        withChannel(channel -> {
            channel.confirmSelect();
            for (RawMessage message : messages) {
                AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                        .messageId(message.messageId()).contentType(Topology.CONTENT_TYPE).deliveryMode(2).build();
                channel.basicPublish(Topology.EXCHANGE, Topology.ROUTING_KEY, true, properties, message.body());
            }
            channel.waitForConfirmsOrDie(5_000);
            return null;
        });
    }

    /** The next parked message with the given message id, waiting for it up to {@code timeout}; others are dropped. */
    public Optional<GetResponse> awaitDeadLetter(String messageId, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        return withChannel(channel -> {
            while (Instant.now().isBefore(deadline)) {
                GetResponse response = channel.basicGet(Topology.DEAD_LETTER_QUEUE, true);
                if (response == null) {
                    Thread.sleep(100);
                } else if (messageId.equals(response.getProps().getMessageId())) {
                    return Optional.of(response);
                }
            }
            return Optional.empty();
        });
    }

    /**
     * Parks raw bytes as the consumer parks a message it cannot store: through the dead-letter exchange, persistent,
     * with a reason and the time, so that a test has a parked message of its choosing.
     */
    public void parkRaw(String messageId, byte[] body, String reason) {
        park(messageId, body, Map.of(Topology.PARKED_REASON_HEADER, reason, Topology.PARKED_AT_HEADER, Instant.now().toString()));
    }

    /** As {@link #parkRaw(String, byte[], String)}, after {@code attempts} failed store attempts. */
    public void parkRaw(String messageId, byte[] body, String reason, int attempts) {
        park(messageId, body, Map.of(Topology.PARKED_REASON_HEADER, reason, Topology.PARKED_AT_HEADER, Instant.now().toString(),
                Topology.ATTEMPTS_HEADER, attempts));
    }

    /** As {@link #parkRaw(String, byte[], String)}, with more headers of the original message (a {@code traceparent}). */
    public void parkRaw(String messageId, byte[] body, String reason, Map<String, Object> originalHeaders) {
        Map<String, Object> headers = new java.util.HashMap<>(originalHeaders);
        headers.put(Topology.PARKED_REASON_HEADER, reason);
        headers.put(Topology.PARKED_AT_HEADER, Instant.now().toString());
        park(messageId, body, headers);
    }

    private void park(String messageId, byte[] body, Map<String, Object> headers) {
        withChannel(channel -> {
            channel.confirmSelect();
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(messageId).contentType(Topology.CONTENT_TYPE).deliveryMode(2).headers(headers).build();
            channel.basicPublish(Topology.DEAD_LETTER_EXCHANGE, Topology.ROUTING_KEY, true, properties, body);
            channel.waitForConfirmsOrDie(5_000);
            return null;
        });
    }

    /**
     * The parked messages with the given message id, read without taking any out of the queue (each read is given
     * back when the channel closes): how often a message was parked.
     */
    public List<GetResponse> parkedCopiesOf(String messageId) {
        return withChannel(channel -> {
            List<GetResponse> copies = new ArrayList<>();
            for (GetResponse message; (message = channel.basicGet(Topology.DEAD_LETTER_QUEUE, false)) != null; ) {
                if (messageId.equals(message.getProps().getMessageId())) {
                    copies.add(message);
                }
            }
            return copies;
        });
    }

    /** Messages waiting in the dead-letter queue (not those a reader holds unacknowledged). */
    public long messagesParked() {
        return withChannel(channel -> channel.messageCount(Topology.DEAD_LETTER_QUEUE));
    }

    /**
     * A queue of its own bound where the API publishes events, so that it gets a copy of every message published from
     * now on, whatever the consumer does with the originals: what the API published, counted and read. Close it to
     * delete it (a bound tap also makes messages routable while the event queue is unbound).
     */
    public Tap tap() {
        String name = "tests.tap." + UUID.randomUUID();
        withChannel(channel -> {
            channel.queueDeclare(name, false, false, false, null);
            return channel.queueBind(name, Topology.EXCHANGE, Topology.ROUTING_KEY);
        });
        return new Tap(name);
    }

    /** A copy of what the API publishes; see {@link #tap()}. */
    public final class Tap implements AutoCloseable {

        private final String queue;

        private Tap(String queue) {
            this.queue = queue;
        }

        /** The message ids (event ids) of the messages published since the tap was made, taking them out of it. */
        public List<String> takeMessageIds() {
            return withChannel(channel -> {
                List<String> ids = new ArrayList<>();
                for (GetResponse message; (message = channel.basicGet(queue, true)) != null; ) {
                    ids.add(message.getProps().getMessageId());
                }
                return ids;
            });
        }

        /** The messages published since the tap was made, with their properties, taking them out of it. */
        public List<GetResponse> takeMessages() {
            return withChannel(channel -> {
                List<GetResponse> messages = new ArrayList<>();
                for (GetResponse message; (message = channel.basicGet(queue, true)) != null; ) {
                    messages.add(message);
                }
                return messages;
            });
        }

        @Override
        public void close() {
            withChannel(channel -> channel.queueDelete(queue));
        }
    }

    /** Detaches the event queue from the exchange, so that published events reach no queue, until {@link #bindQueue()}. */
    public void unbindQueue() {
        withChannel(channel -> channel.queueUnbind(Topology.QUEUE, Topology.EXCHANGE, Topology.ROUTING_KEY));
    }

    public void bindQueue() {
        withChannel(channel -> channel.queueBind(Topology.QUEUE, Topology.EXCHANGE, Topology.ROUTING_KEY));
    }

    /**
     * Detaches the parking queue from its exchange, so that a parked copy reaches no queue (RabbitMQ returns it, or
     * confirms it and drops it unless it is mandatory), until {@link #bindDeadLetterQueue()}.
     */
    public void unbindDeadLetterQueue() {
        withChannel(channel -> channel.queueUnbind(Topology.DEAD_LETTER_QUEUE, Topology.DEAD_LETTER_EXCHANGE, ""));
    }

    public void bindDeadLetterQueue() {
        withChannel(channel -> channel.queueBind(Topology.DEAD_LETTER_QUEUE, Topology.DEAD_LETTER_EXCHANGE, ""));
    }

    /**
     * Raises a memory alarm: RabbitMQ stops reading from publishing connections, as it does when it runs out of
     * memory or disk, until {@link #unblockPublishers()}. Affects the whole broker.
     */
    public void blockPublishers() {
        ctl("set_vm_memory_high_watermark", "0.000001");
    }

    /** Back to RabbitMQ's default memory threshold. */
    public void unblockPublishers() {
        ctl("set_vm_memory_high_watermark", "0.4");
    }

    /**
     * Suspends the event queue's process: it takes in nothing it is sent, so RabbitMQ confirms no publish to it,
     * until {@link #resumeQueue()}. Calls that ask the queue itself (such as its message count) wait meanwhile.
     */
    public void suspendQueue() {
        ctl("eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"" + virtualHost + "\">>, queue, <<\""
                + Topology.QUEUE + "\">>)), sys:suspend(amqqueue:get_pid(Q)).");
    }

    public void resumeQueue() {
        ctl("eval", "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"" + virtualHost + "\">>, queue, <<\""
                + Topology.QUEUE + "\">>)), sys:resume(amqqueue:get_pid(Q)).");
    }

    /**
     * Makes the event queue refuse every message (a length limit of 0 that rejects publishes), so that RabbitMQ
     * answers each publish with a negative confirm, until {@link #acceptPublishes()}.
     */
    public void rejectPublishes() {
        ctl("set_policy", "-p", virtualHost, "--apply-to", "queues", REJECT_ALL_POLICY, "^" + Topology.QUEUE + "$",
                "{\"max-length\": 0, \"overflow\": \"reject-publish\"}");
    }

    public void acceptPublishes() {
        ctl("clear_policy", "-p", virtualHost, REJECT_ALL_POLICY);
    }

    /** Closes every client connection to the test vhost from the broker's side, as a broker restart would. */
    public void dropConnections() {
        ctl("close_all_connections", "--vhost", virtualHost, "dropped by a test");
    }

    private String ctl(String... arguments) {
        try {
            return rabbitmqctl.run(arguments);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public long messagesInQueue() {
        return withChannel(channel -> channel.messageCount(Topology.QUEUE));
    }

    /** Messages of the event queue that a consumer holds and has not acknowledged yet (asks {@code rabbitmqctl}: about 1 s). */
    public long messagesUnacknowledged() {
        String output = ctl("list_queues", "-p", virtualHost, "--quiet", "--no-table-headers", "name", "messages_unacknowledged");
        return output.lines().map(line -> line.trim().split("\\s+"))
                .filter(columns -> columns.length == 2 && columns[0].equals(Topology.QUEUE))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .findFirst().orElseThrow(() -> new IllegalStateException("no " + Topology.QUEUE + " in: " + output));
    }

    /**
     * The same broker in a virtual host of its own, made afresh (deleted first if it exists), for tests that need
     * queues other than the application's.
     */
    public BrokerSystem inFreshVirtualHost(String name) {
        try {
            rabbitmqctl.run("delete_vhost", name);
        } catch (Exception absent) {
            // nothing to delete
        }
        ctl("add_vhost", name);
        ctl("set_permissions", "-p", name, user, ".*", ".*", ".*");
        return new BrokerSystem(host, port, name, user, password, rabbitmqctl);
    }

    public void deleteVirtualHost() {
        ctl("delete_vhost", virtualHost);
    }

    /** Work on a channel of a new connection, both closed afterwards. */
    public <T> T onChannel(ChannelWork<T> work) {
        return withChannel(work);
    }

    public interface ChannelWork<T> {
        T on(Channel channel) throws Exception;
    }

    private <T> T withChannel(ChannelWork<T> work) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(virtualHost);
        factory.setUsername(user);
        factory.setPassword(password);
        try (Connection connection = factory.newConnection("notification-tests"); Channel channel = connection.createChannel()) {
            return work.on(channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
