package io.notifications.message;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.nio.NioParams;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the broker is and how to log in, from MicroProfile Config ({@code RABBITMQ_HOST}, {@code RABBITMQ_PORT}, or
 * the nodes of a cluster in {@code RABBITMQ_ADDRESSES}; {@code RABBITMQ_VHOST}, {@code RABBITMQ_USER},
 * {@code RABBITMQ_PASSWORD}), and the shape of the topology
 * ({@code RABBITMQ_QUORUM_QUEUES}, {@code CONSUMER_RETRY_DELAYS_MS}). Credentials have no default.
 */
@ApplicationScoped
public class BrokerSettings {

    // How long a channel RPC (open, confirm.select) waits for the broker, and a publish for room in the write queue.
    private static final int CHANNEL_RPC_TIMEOUT_MS = 5_000;

    @Inject
    @ConfigProperty(name = "rabbitmq.host")
    String host;

    @Inject
    @ConfigProperty(name = "rabbitmq.port")
    int port;

    // "host:port,host:port": the nodes of a cluster, which replace host and port when given.
    @Inject
    @ConfigProperty(name = "rabbitmq.addresses")
    Optional<String> clusterAddresses;

    @Inject
    @ConfigProperty(name = "rabbitmq.vhost")
    String virtualHost;

    @Inject
    @ConfigProperty(name = "rabbitmq.user")
    String user;

    @Inject
    @ConfigProperty(name = "rabbitmq.password")
    String password;

    @Inject
    @ConfigProperty(name = "rabbitmq.quorum-queues")
    boolean quorumQueues;

    @Inject
    @ConfigProperty(name = "consumer.retry-delays-ms")
    List<Long> retryDelaysMillis;

    // Connection I/O and consumer dispatch run on container-managed threads, so the work started from a delivery
    // (an EJB call in its own transaction) runs with the application's context.
    @Resource
    ManagedThreadFactory threads;

    /**
     * Opens a connection that recovers by itself: after a network failure or a broker restart it reconnects every
     * five seconds and re-declares the topology and the consumers that were declared through it. With several
     * addresses the client tries them in a shuffled order, at the first connection and at every recovery, so a node
     * that is down is skipped and the connections of many instances spread over the cluster.
     */
    public Connection connect(String connectionName) throws IOException, TimeoutException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setVirtualHost(virtualHost);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setThreadFactory(threads);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(5_000);
        factory.setConnectionTimeout(5_000);
        // Opening a channel, confirm.select and the like wait for the broker's answer; the client's default of ten
        // minutes would hold a request thread long after its confirm timeout while the broker is going away.
        factory.setChannelRpcTimeout(CHANNEL_RPC_TIMEOUT_MS);
        // How long a closing connection waits for the consumer's delivery in hand before it gives up on it.
        factory.setShutdownTimeout(2_000);
        factory.setRequestedHeartbeat(30);
        // NIO: a publish or an ack only queues its frames, and one I/O thread writes what the requests of a moment
        // queued in one socket write. The blocking client wrote and flushed each message on the request's thread, and
        // RabbitMQ read one small segment per message: with NIO it spends about half the CPU per message (ADR 0005,
        // bench/results/ab-accept-20261203-134852-nio.json).
        // A full write queue (RabbitMQ stopped reading) blocks a publish for as long as a channel RPC may wait.
        factory.useNio();
        factory.setNioParams(new NioParams().setWriteEnqueuingTimeoutInMs(CHANNEL_RPC_TIMEOUT_MS));
        return factory.newConnection(addresses(), connectionName);
    }

    /** The queues and exchanges as configured: queue type and retry delays. */
    public Topology topology() {
        return new Topology(quorumQueues, retryDelaysMillis.stream().map(Duration::ofMillis).toList());
    }

    /** The nodes to connect to: those of {@code rabbitmq.addresses}, or else {@code rabbitmq.host}:{@code rabbitmq.port}. */
    List<Address> addresses() {
        return clusterAddresses.filter(list -> !list.isBlank())
                .map(list -> List.of(Address.parseAddresses(list)))
                .orElseGet(() -> List.of(new Address(host, port)));
    }

    /** The broker's address, for logs and health data; never the credentials. */
    public String address() {
        // An address without a port means AMQP's default port, which Address reports as -1.
        return addresses().stream()
                .map(node -> node.getHost() + ":" + (node.getPort() < 0 ? ConnectionFactory.DEFAULT_AMQP_PORT : node.getPort()))
                .collect(Collectors.joining(","))
                + " vhost " + virtualHost;
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + user + "@" + address() + ", password hidden]";
    }
}
