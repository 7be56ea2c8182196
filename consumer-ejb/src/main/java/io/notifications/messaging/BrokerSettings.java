package io.notifications.messaging;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the broker is and how to log in, from MicroProfile Config ({@code RABBITMQ_HOST}, {@code RABBITMQ_PORT},
 * {@code RABBITMQ_VHOST}, {@code RABBITMQ_USER}, {@code RABBITMQ_PASSWORD}), and the shape of the topology
 * ({@code RABBITMQ_QUORUM_QUEUES}, {@code CONSUMER_RETRY_DELAYS_MS}). Credentials have no default.
 */
@ApplicationScoped
public class BrokerSettings {

    @Inject
    @ConfigProperty(name = "rabbitmq.host")
    String host;

    @Inject
    @ConfigProperty(name = "rabbitmq.port")
    int port;

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
     * five seconds and re-declares the topology and the consumers that were declared through it.
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
        factory.setChannelRpcTimeout(5_000);
        // How long a closing connection waits for the consumer's delivery in hand before it gives up on it.
        factory.setShutdownTimeout(2_000);
        factory.setRequestedHeartbeat(30);
        return factory.newConnection(new Address[] {new Address(host, port)}, connectionName);
    }

    /** The queues and exchanges as configured: queue type and retry delays. */
    public Topology topology() {
        return new Topology(quorumQueues, retryDelaysMillis.stream().map(Duration::ofMillis).toList());
    }

    /** The broker's address, for logs and health data; never the credentials. */
    public String address() {
        return host + ":" + port + " vhost " + virtualHost;
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + user + "@" + address() + ", password hidden]";
    }
}
