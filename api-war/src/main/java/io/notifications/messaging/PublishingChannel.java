package io.notifications.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A channel in publisher-confirm mode, used by one request at a time. Messages are published as mandatory, so that a
 * message no queue would take comes back as a failure instead of being confirmed and dropped.
 */
public final class PublishingChannel {

    private final Channel channel;
    // Set by the connection's thread when RabbitMQ returns the message, which it does before confirming it.
    private volatile String returnedBecause;
    private volatile boolean broken;

    PublishingChannel(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addReturnListener(returned -> returnedBecause = returned.getReplyText());
    }

    /**
     * Publishes and waits until RabbitMQ confirms that the message is routed and, being persistent, on disk.
     *
     * @throws BrokerUnavailableException when RabbitMQ refused the message, could not route it or did not confirm it
     *                                    within {@code timeout}; the channel is then not reused
     */
    public void publishConfirmed(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Duration timeout) {
        returnedBecause = null;
        boolean confirmed;
        try {
            channel.basicPublish(exchange, routingKey, true, properties, body);
            confirmed = channel.waitForConfirms(timeout.toMillis());
        } catch (TimeoutException e) {
            broken = true; // a late confirm would be taken for the next message's
            throw new BrokerUnavailableException("RabbitMQ did not confirm within " + timeout.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw new BrokerUnavailableException("Publishing to RabbitMQ failed", e);
        } catch (InterruptedException e) {
            broken = true;
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while waiting for RabbitMQ's confirm", e);
        }
        if (!confirmed) {
            throw new BrokerUnavailableException("RabbitMQ refused the message (negative confirm)");
        }
        if (returnedBecause != null) {
            throw new BrokerUnavailableException("RabbitMQ could not route the message to a queue: " + returnedBecause);
        }
    }

    boolean isReusable() {
        return !broken && channel.isOpen();
    }

    /** Closes without waiting for the broker's answer, which may never come from a broker that stopped reading. */
    void abort() {
        try {
            channel.abort();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection releases its channels anyway
        }
    }
}
