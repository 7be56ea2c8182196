package io.notifications.api.deadletters.entity;

import io.notifications.message.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.UUID;

/**
 * A parked message as an operator sees it: who it is, why it was parked, and what it holds.
 *
 * @param messageId     the message's {@code message_id} property (the event id for messages the API published), or
 *                      {@code null} when the publisher set none
 * @param eventId       the event id, when the body is a valid event message; otherwise {@code null}
 * @param reason        why the consumer parked it ({@code x-parked-reason}), or {@code null}
 * @param attempts      the consumer's failed attempts to store it ({@code x-attempts}); 0 when absent
 * @param firstFailedAt when its first attempt failed ({@code x-first-failed-at}, as written), or {@code null} (parked
 *                      by a consumer that did not record it, or by another publisher)
 * @param parkedAt      when it was parked ({@code x-parked-at}, as written): its last failure; or {@code null}
 * @param replayedAt    when it was last replayed ({@code x-replayed-at}), or {@code null} if never
 * @param timestamp     the message's {@code timestamp} property (for the API's messages: when it accepted the event)
 * @param bodyBytes     the size of the body in bytes
 * @param body          the body as text, possibly cut short (see {@code bodyTruncated}); {@code null} unless UTF-8
 * @param bodyUtf8      whether the body is valid UTF-8
 * @param bodyTruncated whether {@code body} holds only the beginning of the body
 */
public record DeadLetter(String messageId, UUID eventId, String reason, int attempts, String firstFailedAt, String parkedAt,
                         String replayedAt, Instant timestamp, int bodyBytes, String body, boolean bodyUtf8, boolean bodyTruncated) {

    /** Field names of the JSON form, the admin API's contract. */
    public static final String MESSAGE_ID = "message_id";
    public static final String EVENT_ID = "event_id";
    public static final String REASON = "reason";
    public static final String ATTEMPTS = "attempts";
    public static final String FIRST_FAILED_AT = "first_failed_at";
    public static final String PARKED_AT = "parked_at";
    public static final String REPLAYED_AT = "replayed_at";
    public static final String TIMESTAMP = "timestamp";
    public static final String BODY_BYTES = "body_bytes";
    public static final String BODY = "body";
    public static final String BODY_UTF8 = "body_utf8";
    public static final String BODY_TRUNCATED = "body_truncated";

    /** Every field, absent values as JSON {@code null}, so that each entry has the same shape. */
    public JsonObject toJson() {
        JsonObjectBuilder json = JsonBuilders.object();
        text(json, MESSAGE_ID, messageId);
        text(json, EVENT_ID, eventId == null ? null : eventId.toString());
        text(json, REASON, reason);
        json.add(ATTEMPTS, attempts);
        text(json, FIRST_FAILED_AT, firstFailedAt);
        text(json, PARKED_AT, parkedAt);
        text(json, REPLAYED_AT, replayedAt);
        text(json, TIMESTAMP, timestamp == null ? null : timestamp.toString());
        json.add(BODY_BYTES, bodyBytes);
        json.add(BODY_UTF8, bodyUtf8);
        text(json, BODY, body);
        json.add(BODY_TRUNCATED, bodyTruncated);
        return json.build();
    }

    /** For logs: the message id, the event id and the reason. */
    public String describe() {
        return "message_id " + messageId + ", event_id " + eventId + ", reason: " + reason;
    }

    private static void text(JsonObjectBuilder json, String field, String value) {
        if (value == null) {
            json.addNull(field);
        } else {
            json.add(field, value);
        }
    }
}
