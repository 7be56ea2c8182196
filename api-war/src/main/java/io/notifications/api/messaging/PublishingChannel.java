package io.notifications.api.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel in publisher-confirm mode that many requests share: each publish gets a stage that completes when
 * RabbitMQ confirms that very message, so no thread waits for a round trip and one confirm can settle many messages.
 * Messages are published as mandatory: a message no queue would take comes back (before its confirm) and fails.
 *
 * <p>The stages complete on the {@code completions} executor, never on the connection's own thread: what continues
 * from a stage (writing an HTTP response) must not hold up the confirms of everyone else.
 */
public final class PublishingChannel {

    private final Channel channel;
    private final Executor completions;
    // By publish sequence number, so that a confirm for "all up to n" settles exactly those.
    private final NavigableMap<Long, Publication> unconfirmed = new ConcurrentSkipListMap<>();
    private final ReentrantLock publishing = new ReentrantLock();
    private volatile boolean broken;

    PublishingChannel(Channel channel, Executor completions) throws IOException {
        this.channel = channel;
        this.completions = completions;
        channel.confirmSelect();
        // RabbitMQ sends the return of an unroutable mandatory message before its confirm, on the same connection
        // thread that runs the confirm listener: the publication is marked before it is settled.
        channel.addReturnListener(returned -> unconfirmed.values().stream()
                .filter(publication -> publication.messageId.equals(returned.getProperties().getMessageId()))
                .forEach(publication -> publication.returnedBecause = returned.getReplyText()));
        channel.addConfirmListener(
                (sequenceNumber, multiple) -> settle(sequenceNumber, multiple, null),
                (sequenceNumber, multiple) -> settle(sequenceNumber, multiple, "RabbitMQ refused the message (negative confirm)"));
        channel.addShutdownListener(this::closed);
    }

    /**
     * Publishes the message; the stage completes once RabbitMQ confirms that it is routed to a queue and, being
     * persistent, on disk. It fails with {@link BrokerUnavailableException} when RabbitMQ refuses the message, cannot
     * route it, closes the channel or does not confirm within {@code timeout}.
     */
    public CompletionStage<Void> publish(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body,
            Duration timeout) {
        Publication publication = new Publication(String.valueOf(properties.getMessageId()));
        long millis = timeout.toMillis();
        // The sequence number RabbitMQ will confirm is the channel's next one: take it and publish as one step. A
        // publish takes microseconds, but blocks while RabbitMQ stops reading (flow control on a busy broker): the
        // requests behind it wait at most their confirm timeout, not until the client gives up.
        try {
            if (!publishing.tryLock(millis, TimeUnit.MILLISECONDS)) {
                throw new BrokerUnavailableException("RabbitMQ took no message on this channel for " + millis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("Interrupted while waiting to publish to RabbitMQ", e);
        }
        long sequenceNumber;
        try {
            sequenceNumber = channel.getNextPublishSeqNo();
            unconfirmed.put(sequenceNumber, publication);
            try {
                channel.basicPublish(exchange, routingKey, true, properties, body);
            } catch (IOException | RuntimeException e) {
                unconfirmed.remove(sequenceNumber);
                broken = true;
                publication.fail(new BrokerUnavailableException("Publishing to RabbitMQ failed", e));
                return publication.confirmed;
            }
        } finally {
            publishing.unlock();
        }
        // The JDK's timer thread only marks the timeout; the failure is handled on a completions thread.
        return publication.confirmed.orTimeout(millis, TimeUnit.MILLISECONDS).exceptionallyComposeAsync(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                // The message may still be confirmed later; the client retries it under the same event id.
                unconfirmed.remove(sequenceNumber);
                return CompletableFuture.failedFuture(new BrokerUnavailableException("RabbitMQ did not confirm within " + millis + " ms"));
            }
            return CompletableFuture.failedFuture(cause);
        }, completions);
    }

    /** Publishes and waits for the outcome of {@link #publish}, for callers that have a thread to spare. */
    public void publishConfirmed(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body, Duration timeout) {
        try {
            publish(exchange, routingKey, properties, body, timeout).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BrokerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new BrokerUnavailableException("Publishing to RabbitMQ failed", e.getCause());
        }
    }

    private void settle(long sequenceNumber, boolean multiple, String refusal) {
        Map<Long, Publication> confirmed = multiple ? unconfirmed.headMap(sequenceNumber, true) : unconfirmed.subMap(sequenceNumber, true, sequenceNumber, true);
        List<Publication> settled = new ArrayList<>(confirmed.values());
        confirmed.clear();
        complete(() -> settled.forEach(publication -> {
            if (refusal != null) {
                publication.fail(new BrokerUnavailableException(refusal));
            } else if (publication.returnedBecause != null) {
                publication.fail(new BrokerUnavailableException("RabbitMQ could not route the message to a queue: " + publication.returnedBecause));
            } else {
                publication.confirmed.complete(null);
            }
        }));
    }

    /** No confirm can come on a closed channel: whatever waits for one fails now rather than at its timeout. */
    private void closed(ShutdownSignalException cause) {
        broken = true;
        BrokerUnavailableException failure = new BrokerUnavailableException("The channel to RabbitMQ closed before it confirmed", cause);
        List<Publication> failed = new ArrayList<>();
        for (Map.Entry<Long, Publication> entry; (entry = unconfirmed.pollFirstEntry()) != null; ) {
            failed.add(entry.getValue());
        }
        complete(() -> failed.forEach(publication -> publication.fail(failure)));
    }

    private void complete(Runnable settling) {
        try {
            completions.execute(settling);
        } catch (RejectedExecutionException stopping) {
            settling.run(); // the application stops: settle here rather than leave a request without an answer
        }
    }

    boolean isUsable() {
        return !broken && channel.isOpen();
    }

    /** Closes without waiting for the broker's answer, which may never come from a broker that stopped reading. */
    void abort() {
        broken = true;
        try {
            channel.abort();
        } catch (IOException | RuntimeException ignored) {
            // best effort: the connection releases its channels anyway
        }
    }

    private static final class Publication {
        final String messageId;
        final CompletableFuture<Void> confirmed = new CompletableFuture<>();
        volatile String returnedBecause;

        Publication(String messageId) {
            this.messageId = messageId;
        }

        void fail(BrokerUnavailableException failure) {
            confirmed.completeExceptionally(failure);
        }
    }
}
