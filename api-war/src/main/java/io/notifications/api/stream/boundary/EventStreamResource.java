package io.notifications.api.stream.boundary;

import io.notifications.api.access.boundary.ForOneUser;
import io.notifications.api.access.control.Caller;
import io.notifications.api.contract.ApiContract;
import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.stream.control.LastEventId;
import io.notifications.api.stream.control.OpenStreams;
import io.notifications.api.stream.control.SseOutlet;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/users/{user_id}/events/stream}: the user's events as they are stored, as Server-Sent Events, from
 * any instance's consumer. With {@code Last-Event-ID}, what was stored since that event comes first, from the
 * database. The request is checked before the stream opens, so a refusal is a JSON error like any other.
 */
@Path("users/{user_id}/events/stream")
@Tag(ref = ApiContract.EVENTS)
@APIResponse(responseCode = "401", ref = ApiContract.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiContract.FORBIDDEN)
@SecurityRequirementsSet(@SecurityRequirement(name = ApiContract.API_KEY))
@SecurityRequirementsSet(@SecurityRequirement(name = ApiContract.USER_TOKEN))
@SecurityRequirementsSet({})
@ForOneUser
@APIResponse(responseCode = "406", ref = ApiContract.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiContract.INTERNAL)
@ApplicationScoped
public class EventStreamResource {

    static final String STREAM_DESCRIPTION = """
            One message per event stored for the user after the stream opened: event: notification, id: <event_id>, \
            data: the event as GET /api/events/{event_id} answers it. A comment line at least every 15 s keeps \
            proxies from closing an idle stream. A reader too slow to keep up gets event: overflow, whose data names \
            the last event sent (last_event_id), and the stream ends. A stream opened with a user's token ends when \
            the token expires, with event: expired (the same data): reconnect with a new token. Every stream ends \
            when the server shuts down. Reconnect with Last-Event-ID: what was stored since comes first, in the order stored, then live \
            events; an event may come twice only at that seam, with the same id.""";

    @Inject
    OpenStreams streams;

    @EJB
    StoredEvents storedEvents;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(operationId = "streamEvents", summary = "Follow a user's events live (Server-Sent Events)",
            description = "Answers text/event-stream and stays open. Events are stored by any instance and reach the "
                    + "streams of every instance. Order: a catch-up is in the order events were stored (processed_at, "
                    + "event_id), from 35 s before the Last-Event-ID's event was stored; "
                    + "live events come in the order they are stored.")
    @APIResponse(responseCode = "200", description = STREAM_DESCRIPTION,
            // No schema: a stream of messages is no JSON value, and Payara 6.2025.10 fills an inline string schema here
            // with the members of another named schema (BatchAccepted), which Redocly refuses as a type mismatch.
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                    example = "event: notification\nid: 617c2320-1cae-4907-abb7-984198549571\ndata: {\"event_id\":\"617c2320-...\"}\n\n"))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "503", ref = ApiContract.READ_UNAVAILABLE)
    public void stream(@Parameter(description = "The user's id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("user_id") String userId, 
            @Parameter(name = LastEventId.HEADER, in = ParameterIn.HEADER, description = "The id of the last event "
                    + "received: the stream first sends the user's events after it, from the database. It must be a "
                    + "stored event of this user, else 400 (start again without it)",
                    schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @HeaderParam(LastEventId.HEADER) String lastEventId,
            @Context SecurityContext security, @Context SseEventSink sink, @Context Sse sse) {
        if (!EventFields.isUuid(userId)) {
            throw new InvalidRequestException("Invalid stream request", List.of(new FieldError(EventFields.USER_ID, EventFields.NOT_A_UUID)));
        }
        UUID user = UUID.fromString(userId);
        Optional<Instant> endsAt = security.getUserPrincipal() instanceof Caller.User token
                ? Optional.of(token.tokenHoldsUntil()) : Optional.empty();
        streams.open(user, LastEventId.resume(user, lastEventId, storedEvents::find), endsAt, new SseOutlet(sink, sse));
    }
}
