package io.notifications.consumer.boundary;

import io.notifications.consumer.control.BatchQueue;
import io.notifications.consumer.control.BatchStorage;
import io.notifications.consumer.control.EventStore;
import io.notifications.consumer.control.Received;
import io.notifications.consumer.control.Redelivery;
import io.notifications.consumer.control.StopSignal;
import io.notifications.consumer.control.Subscription;
import io.notifications.consumer.metrics.ConsumerMetrics;
import io.notifications.message.BrokerSettings;
import io.notifications.message.EventMessage;
import io.notifications.message.Topology;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedExecutors;
import jakarta.enterprise.concurrent.ManagedTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads {@value Topology#QUEUE} and stores each event exactly once, for as long as the application runs: the
 * {@link Subscription} hands RabbitMQ's deliveries to a {@link BatchQueue}, and one worker ({@link BatchStorage})
 * stores them in batches of up to {@code consumer.batch-size} (those that arrived within
 * {@code consumer.batch-linger-ms} of the first) and acknowledges each batch after its commit; what cannot be stored
 * goes to {@link Redelivery}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Inject
    BrokerSettings broker;

    @Inject
    EventMessage messages;

    @EJB
    EventStore store;

    @Inject
    ConsumerMetrics metrics;

    @Inject
    @ConfigProperty(name = "consumer.prefetch")
    int prefetch;

    @Inject
    @ConfigProperty(name = "consumer.batch-size")
    int batchSize;

    @Inject
    @ConfigProperty(name = "consumer.batch-linger-ms")
    int batchLingerMillis;

    @Inject
    @ConfigProperty(name = "consumer.max-attempts")
    int maxAttempts;

    @Resource
    ManagedExecutorService executor;

    private final StopSignal stop = new StopSignal();
    private Subscription subscription;
    private BatchStorage storage;

    @PostConstruct
    void start() {
        Topology topology = broker.topology();
        if (prefetch < batchSize) {
            // A batch could never fill up, and every one would wait out the linger time.
            LOG.warning(() -> "consumer.prefetch " + prefetch + " is below consumer.batch-size " + batchSize + "; using " + batchSize);
            prefetch = batchSize;
        }
        BatchQueue<Received> waiting = new BatchQueue<>(batchSize, Duration.ofMillis(batchLingerMillis));
        subscription = new Subscription(broker, topology, prefetch, waiting::add, executor, stop);
        storage = new BatchStorage(waiting, messages, store, new Redelivery(topology, maxAttempts, metrics, stop), metrics,
                subscription::failed, stop);
        LOG.info(() -> "Consumer stores in batches of up to " + batchSize + " within " + batchLingerMillis + " ms");
        // The worker runs as long as the application: marked long-running so that Payara does not report it as hung.
        executor.execute(ManagedExecutors.managedTask(storage::storeUntilStopped, Map.of(ManagedTask.LONGRUNNING_HINT, "true"), null));
        // Connecting must not hold up the deployment: when the broker is down the application still starts
        // (and reports it in /health) while this keeps trying.
        executor.execute(subscription::connectUntilStopped);
    }

    @PreDestroy
    void stop() {
        stop.stop();
        subscription.cancel();
        storage.awaitBatchInHand(STOP_GRACE);
        subscription.close();
        ConsumerMetrics.Totals totals = metrics.totals();
        LOG.info(() -> "Consumer stopped: stored " + totals.stored() + ", duplicates " + totals.duplicates() + ", retried "
                + totals.retried() + ", parked " + totals.parked() + "; unacknowledged deliveries return to " + Topology.QUEUE);
    }

    public Subscription.State state() {
        return subscription.state();
    }

    /** What it stored, absorbed as duplicates, retried and parked since start-up. */
    public ConsumerMetrics.Totals totals() {
        return metrics.totals();
    }
}
