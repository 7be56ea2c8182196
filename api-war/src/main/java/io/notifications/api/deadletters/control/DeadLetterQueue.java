package io.notifications.api.deadletters.control;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.notifications.api.deadletters.entity.DeadLetter;
import io.notifications.api.deadletters.entity.DeadLetterListing;
import io.notifications.api.deadletters.entity.ReplayReport;
import io.notifications.api.messaging.BrokerUnavailableException;
import io.notifications.api.messaging.PublishingChannels;
import io.notifications.api.metrics.ApiMetrics;
import io.notifications.message.EventLog;
import io.notifications.message.EventMessage;
import io.notifications.message.Topology;
import io.notifications.message.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads, replays and discards the messages parked in {@value Topology#DEAD_LETTER_QUEUE}, each call on a channel of
 * its own that it closes before returning; replays are published on the shared confirm-mode channels.
 *
 * <p>RabbitMQ cannot show a queue's messages without delivering them, so a listing takes them with {@code basic.get}
 * without acknowledging them and then gives them all back at once ({@code basic.nack}, requeue). A classic queue puts
 * them back in their places, so nothing is lost or reordered; but while a call runs, the messages it holds are
 * invisible to other readers (another listing sees fewer). Finding one message by its id works the same way, holding
 * the older messages only until it is found. Should anything fail, closing the channel gives back whatever it held.
 * With quorum queues ({@code RABBITMQ_QUORUM_QUEUES}) every listing counts as a delivery of the messages it shows, so
 * the dead-letter queue must have no delivery limit, or listings would end up dropping what they show.
 *
 * <p>A replay publishes the parked message again to {@value Topology#EXCHANGE}, waits for RabbitMQ's confirm, and only
 * then acknowledges it out of the dead-letter queue: at every moment the message is in one queue or both, never in
 * none. The consumer stores an event id once, so a message that ends up in both is harmless.
 */
@ApplicationScoped
public class DeadLetterQueue {

    /** Messages searched at most for one message id, oldest first; each search holds them for its duration. */
    public static final int MAX_SEARCHED = 10_000;

    private static final Logger LOG = Logger.getLogger(DeadLetterQueue.class.getName());

    @Inject
    PublishingChannels publishing;

    // A channel of its own for each call, closed by its producer when the call destroys it.
    @Inject
    Instance<Channel> channels;

    @Inject
    EventMessage messages;

    @Inject
    ApiMetrics metrics;

    /** The {@code limit} oldest parked messages, oldest first, left where they were. */
    public DeadLetterListing list(int limit) {
        return onOwnChannel("list the dead letters", channel -> {
            // Counted before taking any: RabbitMQ answers a count ahead of the nacks and acks it has yet to handle.
            long parkedAtStart = channel.messageCount(Topology.DEAD_LETTER_QUEUE);
            List<DeadLetter> letters = new ArrayList<>();
            long lastTag = -1;
            while (letters.size() < limit) {
                GetResponse parked = channel.basicGet(Topology.DEAD_LETTER_QUEUE, false);
                if (parked == null) {
                    break;
                }
                lastTag = parked.getEnvelope().getDeliveryTag();
                letters.add(describe(parked));
            }
            if (lastTag >= 0) {
                channel.basicNack(lastTag, true, true);
            }
            return new DeadLetterListing(Math.max(parkedAtStart, letters.size()), letters);
        });
    }

    /**
     * Publishes the oldest parked message with this message id again, and removes it from the dead-letter queue once
     * RabbitMQ confirmed the new copy.
     *
     * @return what was replayed, or empty when no such message is parked (among the {@value #MAX_SEARCHED} oldest)
     * @throws DeadLettersUnavailableException when RabbitMQ did not confirm the copy: the message stays parked
     */
    public Optional<DeadLetter> replay(String messageId, String requestedBy) {
        return onOwnChannel("replay message " + messageId, channel -> {
            GetResponse parked = take(channel, messageId);
            if (parked == null) {
                return Optional.empty();
            }
            DeadLetter letter = describe(parked);
            try {
                publish(parked);
            } catch (BrokerUnavailableException e) {
                giveBack(channel, parked);
                throw new DeadLettersUnavailableException(
                        "RabbitMQ did not take the replayed message (" + e.getMessage() + "); it stays parked", e);
            }
            acknowledgeReplayed(channel, parked, letter);
            replayed(parked, letter, requestedBy);
            return Optional.of(letter);
        });
    }

    /**
     * Replays the oldest parked messages, one after the other, up to {@code limit} and at most as many as were parked
     * when the call began, so that a message the consumer parks again at once is not replayed twice in one call.
     * Stops at the first message RabbitMQ does not confirm, which stays parked.
     *
     * @throws DeadLettersUnavailableException when not even the first message could be replayed
     */
    public ReplayReport replayOldest(int limit, String requestedBy) {
        return onOwnChannel("replay the dead letters", channel -> {
            long parkedAtStart = channel.messageCount(Topology.DEAD_LETTER_QUEUE);
            int replayed = 0;
            String stoppedBecause = null;
            while (replayed < Math.min(limit, parkedAtStart)) {
                GetResponse parked = channel.basicGet(Topology.DEAD_LETTER_QUEUE, false);
                if (parked == null) {
                    break;
                }
                DeadLetter letter = describe(parked);
                try {
                    publish(parked);
                } catch (BrokerUnavailableException e) {
                    giveBack(channel, parked);
                    stoppedBecause = "RabbitMQ did not take message " + letter.messageId() + " (" + e.getMessage()
                            + "); it and the ones after it stay parked";
                    break;
                }
                try {
                    acknowledgeReplayed(channel, parked, letter);
                } catch (DeadLettersUnavailableException e) {
                    stoppedBecause = e.getMessage();
                    break;
                }
                replayed++;
                replayed(parked, letter, requestedBy);
            }
            if (replayed == 0 && stoppedBecause != null) {
                throw new DeadLettersUnavailableException(stoppedBecause);
            }
            return new ReplayReport(replayed, Math.max(parkedAtStart - replayed, 0), stoppedBecause);
        });
    }

    /**
     * Removes the oldest parked message with this message id for good.
     *
     * @return what was discarded, or empty when no such message is parked (among the {@value #MAX_SEARCHED} oldest)
     */
    public Optional<DeadLetter> discard(String messageId, String requestedBy) {
        return onOwnChannel("discard message " + messageId, channel -> {
            GetResponse parked = take(channel, messageId);
            if (parked == null) {
                return Optional.empty();
            }
            DeadLetter letter = describe(parked);
            channel.basicAck(parked.getEnvelope().getDeliveryTag(), false);
            LOG.info(() -> "Discarded dead letter " + letter.describe() + "; requested by " + requestedBy);
            return Optional.of(letter);
        });
    }

    /**
     * The oldest parked message with this message id, delivered and not yet acknowledged; the older ones it passed are
     * given back as soon as it is found.
     */
    private static GetResponse take(Channel channel, String messageId) throws IOException {
        long lastPassed = -1;
        try {
            for (int searched = 0; searched < MAX_SEARCHED; searched++) {
                GetResponse parked = channel.basicGet(Topology.DEAD_LETTER_QUEUE, false);
                if (parked == null) {
                    return null;
                }
                if (messageId.equals(parked.getProps().getMessageId())) {
                    return parked;
                }
                lastPassed = parked.getEnvelope().getDeliveryTag();
            }
            return null;
        } finally {
            // Delivery tags grow on a channel: this gives back every message passed, and not the one found after them.
            if (lastPassed >= 0) {
                channel.basicNack(lastPassed, true, true);
            }
        }
    }

    /** Publishes on one of the API's shared confirm-mode channels and waits for the confirm. */
    private void publish(GetResponse parked) {
        publishing.publishConfirmed(Topology.EXCHANGE, Topology.ROUTING_KEY,
                ParkedMessage.forReplay(parked.getProps(), Instant.now().truncatedTo(ChronoUnit.MICROS)), parked.getBody());
    }

    /**
     * After the confirm. A failing ack leaves the message in both queues, which is harmless (the consumer stores an
     * event id once) but must be said: it is still listed.
     */
    private static void acknowledgeReplayed(Channel channel, GetResponse parked, DeadLetter letter) {
        try {
            channel.basicAck(parked.getEnvelope().getDeliveryTag(), false);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Replayed dead letter " + letter.describe() + " but could not remove it from "
                    + Topology.DEAD_LETTER_QUEUE + " (" + e + ")");
            throw new DeadLettersUnavailableException("Replayed message " + letter.messageId() + ", but RabbitMQ failed"
                    + " before it was removed from " + Topology.DEAD_LETTER_QUEUE + ": it is still parked, and replaying"
                    + " or discarding it again is safe", e);
        }
    }

    /** Counts and logs a replay, under the message's own trace: a replay keeps the trace of the original request. */
    private void replayed(GetResponse parked, DeadLetter letter, String requestedBy) {
        metrics.replayed();
        Map<String, Object> headers = parked.getProps().getHeaders();
        String traceId = TraceParent.traceIdOf(headers == null ? null : headers.get(TraceParent.HEADER));
        EventLog.log(LOG, Level.INFO, letter.eventId(), traceId,
                () -> "Replayed dead letter " + letter.describe() + "; requested by " + requestedBy);
    }

    private static void giveBack(Channel channel, GetResponse parked) {
        try {
            channel.basicNack(parked.getEnvelope().getDeliveryTag(), false, true);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Giving back a dead letter failed; closing the channel gives it back", e);
        }
    }

    private DeadLetter describe(GetResponse parked) {
        return ParkedMessage.describe(parked.getProps(), parked.getBody(), this::eventIdOf);
    }

    private UUID eventIdOf(byte[] body) {
        try {
            return messages.read(body).eventId();
        } catch (RuntimeException notAnEvent) {
            return null;
        }
    }

    private interface ChannelWork<T> {
        T on(Channel channel) throws IOException;
    }

    /**
     * Runs the work on a channel of its own. Closing it waits for RabbitMQ's answer, which comes after it has handled
     * every earlier nack: when a call returns, the messages it gave back are in the queue again. A failed call's
     * channel is aborted: RabbitMQ gives back what it held all the same, without waiting for a broker in trouble.
     */
    private <T> T onOwnChannel(String what, ChannelWork<T> work) {
        Channel channel;
        try {
            channel = channels.get();
        } catch (BrokerUnavailableException e) {
            throw new DeadLettersUnavailableException("Cannot " + what + ": " + e.getMessage(), e);
        }
        try {
            return work.on(channel);
        } catch (IOException | ShutdownSignalException e) {
            abort(channel);
            throw new DeadLettersUnavailableException("Cannot " + what + ": " + e.getMessage()
                    + "; whatever it held stays parked", e);
        } catch (RuntimeException e) {
            abort(channel);
            throw e;
        } finally {
            channels.destroy(channel);
        }
    }

    private static void abort(Channel channel) {
        try {
            channel.abort();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "Closing a dead-letter channel failed; RabbitMQ gives back what it held", e);
        }
    }
}
