package io.notifications.api.events.boundary;

import io.notifications.api.contract.ApiContract;
import io.notifications.api.contract.Schemas;
import io.notifications.api.errors.ErrorBody;
import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.EventIds;
import io.notifications.api.events.control.EventPublisher;
import io.notifications.api.events.control.EventRequests;
import io.notifications.api.events.control.RequestBody;
import io.notifications.api.events.control.RequestLimits;
import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.metrics.ApiMetrics;
import io.notifications.api.tracing.TraceFilter;
import io.notifications.message.Event;
import io.notifications.message.EventFields;
import io.notifications.message.EventLog;
import io.notifications.message.FieldError;
import io.notifications.message.InvalidEventException;
import io.notifications.message.TraceParent;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
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
 * {@code POST /api/events}: validates an event, publishes it and answers 202 once RabbitMQ has confirmed it. The
 * request does not hold a thread while it waits for the confirm: the answer is a stage the confirm completes.
 *
 * <p>{@code GET /api/events/{event_id}}: the event as stored, once the consumer has stored it.
 */
@Path("events")
@Tag(ref = ApiContract.EVENTS)
@APIResponse(responseCode = "401", ref = ApiContract.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiContract.FORBIDDEN)
@APIResponse(responseCode = "406", ref = ApiContract.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiContract.INTERNAL)
@ApplicationScoped // one instance for all requests: nothing per request to create on the hot path
public class EventsResource {

    private static final Logger LOG = Logger.getLogger(EventsResource.class.getName());

    @Inject
    EventRequests requests;

    @Inject
    EventPublisher publisher;

    @EJB
    StoredEvents storedEvents;

    @Inject
    ApiMetrics metrics;

    @Inject
    @ConfigProperties
    RequestLimits limits;

    /**
     * A stored event changes once, when its user marks it read ({@code read_at}): a private cache may keep it, but
     * must ask again before using it.
     */
    static final String CACHE_STORED = "private, no-cache";
    /** Not stored yet is no lasting answer: the event may be stored a moment later. */
    static final String CACHE_NOT_STORED = "no-store";

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "publishEvent", summary = "Publish an event",
            description = "Validates the event and publishes it to RabbitMQ; answers 202 only once RabbitMQ confirmed "
                    + "it, after which it will be stored once, even if sent again with the same event_id.")
    @Parameters(@Parameter(name = EventIds.IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = "Instead of a body event_id: "
            + "a UUID key is the event id, any other key maps to the same name-based UUID every time. Refused when it "
            + "contradicts the body's event_id, or is given twice",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = EventIds.MAX_KEY_LENGTH, pattern = "^[\\x20-\\x7E]+$")))
    @APIResponse(responseCode = "202", description = "Accepted: RabbitMQ confirmed the persistent message",
            headers = @Header(name = HttpHeaders.LOCATION, required = true, description = "Where the event can be read once stored",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.EVENT_ACCEPTED)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "413", ref = ApiContract.TOO_LARGE)
    @APIResponse(responseCode = "415", ref = ApiContract.UNSUPPORTED)
    @APIResponse(responseCode = "503", ref = ApiContract.UNAVAILABLE)
    public CompletionStage<Response> publish(
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = Schemas.NEW_EVENT))) InputStream body,
            @Context HttpHeaders headers, @Context UriInfo uriInfo, @Context HttpServletRequest request) throws IOException {
        if (headers.getMediaType() == null) {
            throw new NotSupportedException("Content-Type must be application/json");
        }
        String idempotencyKey = idempotencyKey(headers);
        var event = requests.read(RequestBody.read(body, headers.getLength(), limits.maxBodyBytes));
        UUID eventId = EventIds.resolve(event.eventId(), idempotencyKey);
        // PostgreSQL keeps microseconds: the stored created_at equals the accepted time exactly.
        TraceParent trace = TraceFilter.of(request);
        Event accepted = event.accept(eventId, Instant.now().truncatedTo(ChronoUnit.MICROS), trace);

        URI location = uriInfo.getBaseUriBuilder().path(EventsResource.class).path(eventId.toString()).build();
        return AnswerAfterDispatch.after(request, publisher.publish(accepted).thenApply(confirmed -> {
            metrics.accepted(1);
            EventLog.log(LOG, Level.FINE, eventId, trace.traceId(), () -> "Accepted event " + eventId + " of type " + accepted.eventType());
            return Response.accepted(EventAnswers.accepted(eventId)).location(location).build();
        }));
    }

    @GET
    @Path("{event_id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "readEvent", summary = "Read a stored event",
            description = "The event as the consumer stored it. An accepted event is found a moment after its 202, "
                    + "once the consumer has stored it; until then 404.")
    @APIResponse(responseCode = "200", description = "The stored event. Only its read_at ever changes, once: a "
            + "private cache may keep it but must ask again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.STORED_EVENT)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "404", description = "No event with this id is stored (yet): an accepted event may "
            + "still be waiting in the queue, so try again shortly",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.ERROR)))
    @APIResponse(responseCode = "503", ref = ApiContract.READ_UNAVAILABLE)
    public Response find(@Parameter(description = "The event's id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("event_id") String eventId) {
        return read(storedEvents, eventId);
    }

    /**
     * The stored event under this id, or a JSON 404 while none is; 400 for a text that is no event id. Shared with
     * the console's view of one event, whose own filter makes every answer {@code no-store}.
     */
    public static Response read(StoredEvents storedEvents, String eventId) {
        if (!EventFields.isUuid(eventId)) {
            throw new InvalidRequestException("Invalid event id", List.of(new FieldError(EventFields.EVENT_ID, EventFields.NOT_A_UUID)));
        }
        UUID id = UUID.fromString(eventId);
        return storedEvents.find(id)
                .map(event -> Response.ok(EventAnswers.stored(event)).header(HttpHeaders.CACHE_CONTROL, CACHE_STORED).build())
                .orElseGet(() -> ErrorBody.response(404, "No event " + id + " is stored (yet): an accepted event may "
                                + "still be waiting in the queue, so try again shortly")
                        .header(HttpHeaders.CACHE_CONTROL, CACHE_NOT_STORED).build());
    }

    /** The {@code Idempotency-Key} header, or {@code null}; refused when given more than once. */
    static String idempotencyKey(HttpHeaders headers) {
        List<String> keys = headers.getRequestHeader(EventIds.IDEMPOTENCY_KEY);
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        if (keys.size() > 1) {
            throw new InvalidEventException("Invalid " + EventIds.IDEMPOTENCY_KEY + " header",
                    List.of(new FieldError(EventIds.IDEMPOTENCY_KEY, "must be given once")));
        }
        return keys.get(0);
    }
}
