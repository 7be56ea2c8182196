package io.notifications.api.contract;

import static io.notifications.api.deadletters.entity.DeadLetter.ATTEMPTS;
import static io.notifications.api.deadletters.entity.DeadLetter.BODY;
import static io.notifications.api.deadletters.entity.DeadLetter.BODY_BYTES;
import static io.notifications.api.deadletters.entity.DeadLetter.BODY_TRUNCATED;
import static io.notifications.api.deadletters.entity.DeadLetter.BODY_UTF8;
import static io.notifications.api.deadletters.entity.DeadLetter.EVENT_ID;
import static io.notifications.api.deadletters.entity.DeadLetter.FIRST_FAILED_AT;
import static io.notifications.api.deadletters.entity.DeadLetter.MESSAGE_ID;
import static io.notifications.api.deadletters.entity.DeadLetter.PARKED_AT;
import static io.notifications.api.deadletters.entity.DeadLetter.REASON;
import static io.notifications.api.deadletters.entity.DeadLetter.REPLAYED_AT;
import static io.notifications.api.deadletters.entity.DeadLetter.TIMESTAMP;

import io.notifications.api.deadletters.entity.DeadLetter;
import io.notifications.api.deadletters.entity.DeadLetterListing;
import io.notifications.api.deadletters.entity.ReplayReport;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.ReadRequests;
import io.notifications.api.events.entity.StoredEvent;
import io.notifications.api.events.entity.TimelinePage;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import io.notifications.message.NewEvent;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON bodies of the API as the OpenAPI document ({@code /openapi}) describes them. These records are never
 * instantiated: the API reads and writes JSON with JSON-P ({@code EventJson}, {@code ErrorBody}, the dead-letter
 * entities), and these only give the scanner the shape, field names and rules of each body, in one place. The field
 * names here must follow the JSON the code writes; {@code OpenApiContractIT} checks every answer against them.
 */
public final class Schemas {

    private Schemas() {
    }

    /** The schemas' names under {@code components/schemas}, for {@code @Schema(ref = ...)}. */
    public static final String NEW_EVENT = "NewEvent";
    public static final String EVENT_ACCEPTED = "EventAccepted";
    public static final String BATCH_ACCEPTED = "BatchAccepted";
    public static final String STORED_EVENT = "StoredEvent";
    public static final String TIMELINE_PAGE = "TimelinePage";
    public static final String ERROR = "Error";
    public static final String FIELD_ERROR = "FieldError";
    public static final String BATCH_NOT_ACCEPTED = "BatchNotAccepted";
    public static final String DEAD_LETTER = "DeadLetter";
    public static final String DEAD_LETTER_LISTING = "DeadLetterListing";
    public static final String DEAD_LETTER_HANDLED = "DeadLetterHandled";
    public static final String REPLAY_REPORT = "ReplayReport";
    public static final String MARK_READ = "MarkRead";
    public static final String READ_REPORT = "ReadReport";
    public static final String UNREAD_COUNT = "UnreadCount";

    static final String UUID_EXAMPLE = "550e8400-e29b-41d4-a716-446655440000";
    static final String INSTANT_EXAMPLE = "2026-11-26T10:15:30.123456Z";

    @Schema(name = NEW_EVENT, description = "An event to publish. Unknown fields are ignored.")
    public record NewEvent(
            @Schema(name = EventFields.USER_ID, required = true, format = "uuid", example = UUID_EXAMPLE) String userId,
            @Schema(name = EventFields.EVENT_TYPE, required = true, minLength = 1, maxLength = 100, pattern = "\\S",
                    description = "Not blank", example = "user_registered") String eventType,
            @Schema(name = EventFields.MESSAGE, required = true, minLength = 1, pattern = "\\S", description = "Not blank",
                    example = "Welcome!") String message,
            @Schema(name = EventFields.PAYLOAD, type = SchemaType.OBJECT, nullable = true,
                    description = "Free-form data, a JSON object") Map<String, Object> payload,
            @Schema(name = EventFields.EVENT_ID, format = "uuid", nullable = true, description = "The idempotency key: an event "
                    + "sent again with the same event_id is stored once. Without it, the Idempotency-Key header "
                    + "decides the id, else a new random one is given") String eventId) {
    }

    @Schema(name = EVENT_ACCEPTED, description = "RabbitMQ confirmed the event: it will be stored.")
    public record EventAccepted(
            @Schema(name = "message", required = true, example = "Event published successfully") String message,
            @Schema(name = EventFields.EVENT_ID, required = true, format = "uuid", example = UUID_EXAMPLE) String eventId) {
    }

    @Schema(name = BATCH_ACCEPTED, description = "RabbitMQ confirmed every event of the batch: all will be stored.")
    public record BatchAccepted(
            @Schema(name = "message", required = true, example = "Events published successfully") String message,
            @Schema(name = EventAnswers.EVENT_IDS, required = true, type = SchemaType.ARRAY, implementation = String.class,
                    description = "The events' ids (UUIDs), in the batch's order") List<String> eventIds) {
    }

    @Schema(name = STORED_EVENT, description = "An event as the consumer stored it. What was stored never changes; "
            + "read_at is set once, when the user first marks the event read.")
    public record StoredEvent(
            @Schema(name = EventFields.EVENT_ID, required = true, format = "uuid") String eventId,
            @Schema(name = EventFields.USER_ID, required = true, format = "uuid") String userId,
            @Schema(name = EventFields.EVENT_TYPE, required = true) String eventType,
            @Schema(name = EventFields.MESSAGE, required = true) String message,
            @Schema(name = EventFields.PAYLOAD, required = true, type = SchemaType.OBJECT, nullable = true)
            Map<String, Object> payload,
            @Schema(name = EventAnswers.STATUS, required = true, example = "PROCESSED") String status,
            @Schema(name = EventAnswers.CREATED_AT, required = true, format = "date-time", example = INSTANT_EXAMPLE,
                    description = "When the API accepted the event, UTC, to the microsecond") String createdAt,
            @Schema(name = EventAnswers.PROCESSED_AT, required = true, format = "date-time", nullable = true,
                    description = "When the consumer stored it; null for rows written by other means") String processedAt,
            @Schema(name = EventAnswers.TRACE_ID, required = true, nullable = true, pattern = "^[0-9a-f]{32}$",
                    description = "The W3C trace id of the request that published it (its traceparent, or one the "
                    + "API made); null for rows written by other means") String traceId,
            @Schema(name = EventAnswers.READ_AT, required = true, format = "date-time", nullable = true,
                    description = "When the user first marked it read, UTC, to the microsecond; null while unread")
            String readAt) {
    }

    @Schema(name = TIMELINE_PAGE, description = "One page of a user's stored events, newest first.")
    public record TimelinePage(
            @Schema(name = "events", required = true, type = SchemaType.ARRAY, implementation = StoredEvent.class)
            List<StoredEvent> events,
            @Schema(name = "next", required = true, nullable = true, description = "The cursor of the next page, to "
                    + "send unchanged as before=; null on the last page. Opaque: its form may change")
            String next) {
    }

    @Schema(name = MARK_READ, description = "The events of the user to mark read: either event_ids or all, not both. "
            + "Unknown fields are ignored.")
    public record MarkRead(
            @Schema(name = ReadRequests.EVENT_IDS, type = SchemaType.ARRAY, implementation = String.class,
                    minItems = 1, maxItems = ReadRequests.MAX_EVENT_IDS, description = "Event ids (UUIDs); an id given "
                    + "twice counts once") List<String> eventIds,
            @Schema(name = ReadRequests.ALL, type = SchemaType.BOOLEAN, description = "true, the only value taken: "
                    + "every event of the user that is unread") Boolean all) {
    }

    @Schema(name = READ_REPORT, description = "What marking read did. For event_ids, each distinct id is counted once, "
            + "in one of the three; for all, only marked is answered.")
    public record ReadReport(
            @Schema(name = EventAnswers.MARKED, required = true, type = SchemaType.INTEGER, minimum = "0",
                    description = "Unread before, read now") long marked,
            @Schema(name = EventAnswers.ALREADY_READ, type = SchemaType.INTEGER, minimum = "0",
                    description = "Read before: they keep their first read_at") long alreadyRead,
            @Schema(name = EventAnswers.UNKNOWN, type = SchemaType.INTEGER, minimum = "0", description = "No stored "
                    + "event of this user: never accepted, not stored yet, or another user's. Nothing was changed") long unknown) {
    }

    @Schema(name = UNREAD_COUNT, description = "How many of the user's stored events are not marked read.")
    public record UnreadCount(
            @Schema(name = EventAnswers.UNREAD, required = true, type = SchemaType.INTEGER, minimum = "0",
                    description = "Exact when capped is false; the cap when it is true") long unread,
            @Schema(name = EventAnswers.CAPPED, required = true, type = SchemaType.BOOLEAN,
                    description = "true: the user has more unread events than unread says") boolean capped) {
    }

    @Schema(name = ERROR, description = "The one shape of every error the API answers.")
    public record ApiError(
            @Schema(name = "message", required = true, example = "Invalid event") String message,
            @Schema(name = "errors", type = SchemaType.ARRAY, implementation = FieldError.class,
                    description = "Present when fields, parameters or headers are at fault, one entry each")
            List<FieldError> errors) {
    }

    @Schema(name = FIELD_ERROR)
    public record FieldError(
            @Schema(name = "field", required = true, description = "The body's field (in a batch [index].field, or "
                    + "[index] for the event as a whole), the query or path parameter, or the header at fault",
                    example = "user_id") String field,
            @Schema(name = "message", required = true, example = "must be a UUID such as " + UUID_EXAMPLE) String message) {
    }

    @Schema(name = BATCH_NOT_ACCEPTED, description = "The error's shape; when the batch was published but RabbitMQ "
            + "did not confirm all of it, also every event id of the batch, and an entry in errors for each "
            + "unconfirmed event ([index]). Send the batch again with these event ids: what was accepted is stored once.")
    public record BatchNotAccepted(
            @Schema(name = "message", required = true) String message,
            @Schema(name = "errors", type = SchemaType.ARRAY, implementation = FieldError.class) List<FieldError> errors,
            @Schema(name = EventAnswers.EVENT_IDS, type = SchemaType.ARRAY, implementation = String.class,
                    description = "The batch's event ids (UUIDs), in its order") List<String> eventIds) {
    }

    @Schema(name = DEAD_LETTER, description = "A message the consumer parked, and why. Absent values are null.")
    public record DeadLetter(
            @Schema(name = MESSAGE_ID, required = true, nullable = true,
                    description = "The message's id (the event id for the API's messages)") String messageId,
            @Schema(name = EVENT_ID, required = true, nullable = true, format = "uuid",
                    description = "When the body is a valid event") String eventId,
            @Schema(name = REASON, required = true, nullable = true) String reason,
            @Schema(name = ATTEMPTS, required = true, type = SchemaType.INTEGER, minimum = "0") int attempts,
            @Schema(name = FIRST_FAILED_AT, required = true, nullable = true, description = "When its first attempt "
                    + "failed; null for messages parked before this was recorded, or never tried") String firstFailedAt,
            @Schema(name = PARKED_AT, required = true, nullable = true) String parkedAt,
            @Schema(name = REPLAYED_AT, required = true, nullable = true) String replayedAt,
            @Schema(name = TIMESTAMP, required = true, nullable = true, format = "date-time") String timestamp,
            @Schema(name = BODY_BYTES, required = true, type = SchemaType.INTEGER, minimum = "0") int bodyBytes,
            @Schema(name = BODY_UTF8, required = true) boolean bodyUtf8,
            @Schema(name = BODY, required = true, nullable = true,
                    description = "The body as text when it is UTF-8, cut after 4 KiB") String body,
            @Schema(name = BODY_TRUNCATED, required = true) boolean bodyTruncated) {
    }

    @Schema(name = DEAD_LETTER_LISTING, description = "The oldest parked messages, oldest first.")
    public record DeadLetterListing(
            @Schema(name = "total", required = true, type = SchemaType.INTEGER, minimum = "0",
                    description = "Messages parked when the listing began") int total,
            @Schema(name = "listed", required = true, type = SchemaType.INTEGER, minimum = "0") int listed,
            @Schema(name = "dead_letters", required = true, type = SchemaType.ARRAY, implementation = DeadLetter.class)
            List<DeadLetter> deadLetters) {
    }

    @Schema(name = DEAD_LETTER_HANDLED, description = "The message replayed or discarded.")
    public record DeadLetterHandled(
            @Schema(name = "message", required = true, example = "Replayed to notifications") String message,
            @Schema(name = "dead_letter", required = true) DeadLetter deadLetter) {
    }

    @Schema(name = REPLAY_REPORT, description = "What replaying the oldest parked messages did.")
    public record ReplayReport(
            @Schema(name = "message", required = true) String message,
            @Schema(name = "replayed", required = true, type = SchemaType.INTEGER, minimum = "0") int replayed,
            @Schema(name = "remaining", required = true, type = SchemaType.INTEGER, minimum = "0",
                    description = "Of the messages parked when the call began, those still parked") int remaining,
            @Schema(name = "stopped_because", description = "Why it stopped before its limit, when RabbitMQ "
                    + "refused a message; that one and the ones after it stay parked") String stoppedBecause) {
    }
}
