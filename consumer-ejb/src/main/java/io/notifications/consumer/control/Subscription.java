package io.notifications.consumer.control;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.notifications.message.BrokerSettings;
import io.notifications.message.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The consumer's connection to RabbitMQ and its subscription to {@value Topology#QUEUE}: it connects, declares the
 * topology and hands every delivery on, as it comes, to whoever stores them. While the broker cannot be reached it
 * tries again every few seconds, without holding up the deployment. A lost connection recovers by itself (the
 * client's automatic recovery, which subscribes again); a channel the broker closes, or one a batch failed on, is
 * replaced by a new connection.
 */
public final class Subscription {

    /** Where the subscription stands, for the consumer's health check. */
    public enum State { CONNECTING, CONSUMING, RECOVERING, STOPPED }

    private static final Logger LOG = Logger.getLogger(Subscription.class.getName());
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(5);

    private final BrokerSettings broker;
    private final Topology topology;
    private final int prefetch;
    private final Consumer<Received> deliveries;
    private final Executor executor;
    private final StopSignal stop;

    private volatile State state = State.CONNECTING;
    private volatile Connection connection;
    private volatile Channel channel;

    /**
     * @param deliveries takes each delivery on RabbitMQ's own thread, one after the other: it must not wait
     * @param executor   runs the reconnections
     */
    public Subscription(BrokerSettings broker, Topology topology, int prefetch, Consumer<Received> deliveries, Executor executor,
                        StopSignal stop) {
        this.broker = broker;
        this.topology = topology;
        this.prefetch = prefetch;
        this.deliveries = deliveries;
        this.executor = executor;
        this.stop = stop;
    }

    public State state() {
        return state;
    }

    /** Connects and subscribes, trying again after a pause for as long as it fails and the application runs. */
    public void connectUntilStopped() {
        while (!stop.isStopping()) {
            try {
                subscribe();
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                closeConnection();
                LOG.warning(() -> "Consumer cannot reach RabbitMQ at " + broker.address() + " (" + StoreFailure.describe(e)
                        + "); trying again in " + RECONNECT_DELAY.toSeconds() + " s");
                if (stop.await(RECONNECT_DELAY)) {
                    return;
                }
            }
        }
    }

    private void subscribe() throws IOException, TimeoutException {
        state = State.CONNECTING;
        connection = broker.connect("notification-consumer");
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
                state = State.RECOVERING;
                LOG.warning("Consumer lost its connection to RabbitMQ; recovering");
            }

            @Override
            public void handleRecovery(Recoverable recoverable) {
                state = State.CONSUMING;
                LOG.info("Consumer reconnected to RabbitMQ and consumes again");
            }
        });
        Channel opened = connection.createChannel();
        topology.declare(opened);
        opened.confirmSelect(); // a copy to a retry or dead-letter queue is confirmed before the original is acknowledged
        opened.basicQos(prefetch);
        opened.addShutdownListener(this::channelClosed);
        channel = opened;
        opened.basicConsume(Topology.QUEUE, false, Topology.QUEUE, (tag, delivery) -> deliveries.accept(new Received(opened, delivery)),
                tag -> {
                });
        state = State.CONSUMING;
        LOG.info(() -> "Consumer reads " + Topology.QUEUE + " at " + broker.address() + " with prefetch " + prefetch);
    }

    /** A channel closed by the broker (not by a lost connection, which recovers by itself) is opened again. */
    private void channelClosed(ShutdownSignalException cause) {
        if (stop.isStopping() || cause.isHardError() || cause.isInitiatedByApplication()) {
            return;
        }
        LOG.severe(() -> "RabbitMQ closed the consumer's channel (" + cause.getMessage() + "); reconnecting");
        reconnectLater();
    }

    /**
     * The channel a batch failed on, aborted so that RabbitMQ delivers its unacknowledged messages again: unless a new
     * channel has replaced it already, the subscription starts anew on a new connection.
     */
    public void failed(Channel failed) {
        if (failed == channel) {
            reconnectLater();
        }
    }

    private void reconnectLater() {
        state = State.CONNECTING;
        executor.execute(() -> {
            closeConnection();
            if (!stop.await(RECONNECT_DELAY)) {
                connectUntilStopped();
            }
        });
    }

    /** No more deliveries: those RabbitMQ has sent and nobody acknowledged go back to the queue when it closes. */
    public void cancel() {
        Channel current = channel;
        try {
            if (current != null && current.isOpen()) {
                current.basicCancel(Topology.QUEUE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Cancelling the consumer failed; closing the connection anyway", e);
        }
    }

    public void close() {
        closeConnection();
        state = State.STOPPED;
    }

    private void closeConnection() {
        Connection current = connection;
        connection = null;
        channel = null;
        if (current != null) {
            try {
                current.abort(5_000);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing the consumer connection failed", e);
            }
        }
    }
}
