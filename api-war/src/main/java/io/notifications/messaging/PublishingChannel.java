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
    // Set by the connection's thread when RabbitMQ returns the message, before it confirms it.
    private volatile String returnedBecause;

    PublishingChannel(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addReturnListener(returned -> returnedBecause = returned.getReplyText());
    }

    /**
     * Publishes and waits until RabbitMQ confirms that the message is routed and, being persistent, on disk.
     * On a negative confirm or a timeout the channel is closed and must not be used again.
     */
    public void publishConfirmed(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        returnedBecause = null;
        channel.basicPublish(exchange, routingKey, true, properties, body);
        channel.waitForConfirmsOrDie(timeout.toMillis());
        if (returnedBecause != null) {
            throw new BrokerUnavailableException("RabbitMQ could not route the message to a queue: " + returnedBecause);
        }
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    void close() {
        try {
            channel.abort();
        } catch (IOException | RuntimeException ignored) {
            // closing is best effort: the connection cleans up its channels anyway
        }
    }
}
