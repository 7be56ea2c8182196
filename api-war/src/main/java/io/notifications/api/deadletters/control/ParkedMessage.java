package io.notifications.api.deadletters.control;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import io.notifications.api.deadletters.entity.DeadLetter;
import io.notifications.message.Topology;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** How a parked message reads to an operator, and how it looks when it is published again. */
public final class ParkedMessage {

    private static final int PERSISTENT = 2;

    /**
     * Headers that describe the message's past failures rather than the message. A replay drops them, so that the
     * consumer gives the message a fresh set of attempts: the consumer's own ones, and the history RabbitMQ writes when
     * it dead-letters a message (on its way back from a retry queue, or from a quorum queue's delivery limit).
     */
    private static final Set<String> FAILURE_HEADERS = Set.of(
            Topology.PARKED_REASON_HEADER, Topology.PARKED_AT_HEADER, Topology.ATTEMPTS_HEADER, Topology.FIRST_FAILED_AT_HEADER,
            "x-death", "x-delivery-count");
    private static final Set<String> FAILURE_HEADER_PREFIXES = Set.of("x-first-death-", "x-last-death-");

    private ParkedMessage() {
    }

    /**
     * The operator's view of a parked message.
     *
     * @param eventIdOf the event id of a body that is a valid event message, else {@code null}
     */
    public static DeadLetter describe(AMQP.BasicProperties properties, byte[] body, Function<byte[], UUID> eventIdOf) {
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of() : properties.getHeaders();
        BodyPreview preview = BodyPreview.of(body);
        return new DeadLetter(
                properties.getMessageId(),
                eventIdOf.apply(body),
                text(headers.get(Topology.PARKED_REASON_HEADER)),
                attempts(headers.get(Topology.ATTEMPTS_HEADER)),
                text(headers.get(Topology.FIRST_FAILED_AT_HEADER)),
                text(headers.get(Topology.PARKED_AT_HEADER)),
                text(headers.get(Topology.REPLAYED_AT_HEADER)),
                properties.getTimestamp() == null ? null : properties.getTimestamp().toInstant(),
                body.length,
                preview.text(),
                preview.utf8(),
                preview.truncated());
    }

    /**
     * The properties to publish a parked message again with: the same message id, content type and timestamp,
     * persistent, without the failure headers, with {@value Topology#REPLAYED_AT_HEADER}. Any per-message expiry is dropped:
     * a replayed message that expired in the queue would be dead-lettered again without a reason.
     */
    public static AMQP.BasicProperties forReplay(AMQP.BasicProperties parked, Instant replayedAt) {
        Map<String, Object> headers = new HashMap<>();
        if (parked.getHeaders() != null) {
            headers.putAll(parked.getHeaders());
        }
        headers.keySet().removeIf(ParkedMessage::isFailureHeader);
        headers.put(Topology.REPLAYED_AT_HEADER, replayedAt.toString());
        return parked.builder().headers(headers).deliveryMode(PERSISTENT).expiration(null).build();
    }

    static boolean isFailureHeader(String name) {
        return FAILURE_HEADERS.contains(name) || FAILURE_HEADER_PREFIXES.stream().anyMatch(name::startsWith);
    }

    /** Header strings arrive as {@link LongString}s; a publisher may have set other types. */
    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static int attempts(Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof LongString || value instanceof String) {
            try {
                return Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
