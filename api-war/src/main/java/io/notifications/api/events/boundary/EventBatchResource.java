package io.notifications.api.events.boundary;

import io.notifications.api.contract.ApiContract;
import io.notifications.api.contract.Schemas;
import io.notifications.api.events.control.BatchNotConfirmedException;
import io.notifications.api.events.control.BatchPublishing;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.EventIds;
import io.notifications.api.events.control.EventPublisher;
import io.notifications.api.events.control.EventRequests;
import io.notifications.api.events.control.RequestBody;
import io.notifications.api.events.control.RequestLimits;
import io.notifications.api.metrics.ApiMetrics;
import io.notifications.api.tracing.TraceFilter;
import io.notifications.message.Event;
import io.notifications.message.EventLog;
import io.notifications.message.NewEvent;
import io.notifications.message.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/events/batch}: up to {@code api.max-batch-events} events in one JSON array, each held to the rules
 * of {@code POST /api/events}. All are validated before any is published: one invalid event refuses the whole batch.
 * Then all are published at once, and the answer is 202 only once RabbitMQ confirmed every one of them.
 */
@Path("events/batch")
@Tag(ref = ApiContract.EVENTS)
@APIResponse(responseCode = "401", ref = ApiContract.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiContract.FORBIDDEN)
@APIResponse(responseCode = "406", ref = ApiContract.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiContract.INTERNAL)
@ApplicationScoped
public class EventBatchResource {

    private static final Logger LOG = Logger.getLogger(EventBatchResource.class.getName());

    @Inject
    EventRequests requests;

    @Inject
    EventPublisher publisher;

    @Inject
    ApiMetrics metrics;

    @Inject
    @ConfigProperties
    RequestLimits limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "publishBatch", summary = "Publish up to 100 events at once",
            description = "Each event is held to the rules of POST /api/events, and no event may be larger than a "
                    + "single request may be. All are validated before any is published: one invalid event refuses "
                    + "the whole batch, with errors named [index].field. The answer is 202 only once RabbitMQ "
                    + "confirmed every event.")
    @Parameters(@Parameter(name = EventIds.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "The batch's key: an event "
            + "without its own event_id gets the name-based UUID of the key and its index, so that the same batch sent "
            + "again in the same order gets the same ids",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = EventIds.MAX_KEY_LENGTH, pattern = "^[\\x20-\\x7E]+$")))
    @APIResponse(responseCode = "202", description = "Accepted: RabbitMQ confirmed every event of the batch",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.BATCH_ACCEPTED)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "413", ref = ApiContract.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiContract.UNSUPPORTED)
    @APIResponse(responseCode = "503", description = "RabbitMQ did not confirm the whole batch (event_ids and an "
            + "error per unconfirmed [index] say which), cannot take messages at all, or the server is shutting down. "
            + "Send the batch again with the same event ids after Retry-After seconds: events already accepted are "
            + "stored once",
            headers = @Header(name = ApiContract.RETRY_AFTER, ref = ApiContract.RETRY_AFTER),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.BATCH_NOT_ACCEPTED)))
    public CompletionStage<Response> publish(
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Schemas.NewEvent.class, minItems = 1, maxItems = 100)))
            InputStream body,
            @Context HttpHeaders headers, @Context HttpServletRequest request) throws IOException {
        if (headers.getMediaType() == null) {
            throw new NotSupportedException("Content-Type must be application/json");
        }
        String idempotencyKey = EventsResource.idempotencyKey(headers);
        List<NewEvent> events = requests.readBatch(RequestBody.read(body, headers.getLength(), limits.maxBatchBodyBytes),
                limits.maxBatchEvents, limits.maxBodyBytes);
        List<UUID> eventIds = EventIds.resolveBatch(events.stream().map(NewEvent::eventId).toList(), idempotencyKey);
        Instant acceptedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // One trace for the request: every event of the batch carries it.
        TraceParent trace = TraceFilter.of(request);
        List<Event> accepted = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            accepted.add(events.get(index).accept(eventIds.get(index), acceptedAt, trace));
        }

        // Completed here rather than derived from the publishing stage, so that the refusal reaches the exception
        // mappers as it is, not wrapped in a CompletionException.
        CompletableFuture<Response> answer = new CompletableFuture<>();
        BatchPublishing.publishAll(publisher, accepted).whenComplete((unconfirmed, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else if (!unconfirmed.isEmpty()) {
                answer.completeExceptionally(new BatchNotConfirmedException(eventIds, unconfirmed));
            } else {
                metrics.accepted(eventIds.size());
                if (LOG.isLoggable(Level.FINE)) {
                    eventIds.forEach(id -> EventLog.log(LOG, Level.FINE, id, trace.traceId(), () -> "Accepted event " + id + " in a batch"));
                }
                answer.complete(Response.accepted(EventAnswers.acceptedBatch(eventIds)).build());
            }
        });
        return AnswerAfterDispatch.after(request, answer);
    }
}
