package io.notifications.api.events.boundary;

import io.notifications.api.access.boundary.ForOneUser;
import io.notifications.api.contract.ApiContract;
import io.notifications.api.contract.Schemas;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.ReadRequests;
import io.notifications.api.events.control.RequestBody;
import io.notifications.api.events.control.RequestLimits;
import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.events.entity.ReadMarking;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code POST /api/users/{user_id}/events/read}: marks some of the user's events read, or all of them. Idempotent:
 * an event keeps the instant it was first marked read. Ids of no stored event of the user are ignored and counted.
 * The one request of the API that writes to the database: it updates existing rows of that user and never inserts,
 * so the consumer's inserts do not wait for it.
 */
@Path("users/{user_id}/events/read")
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
public class ReadStateResource {

    /** Events marked per transaction when all of a user's are: bounds the row locks and the time of each. */
    static final int ALL_PER_TRANSACTION = 1_000;

    @EJB
    StoredEvents storedEvents;

    @Inject
    @ConfigProperties
    RequestLimits limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "markRead", summary = "Mark a user's events read",
            description = "Either event_ids (1 to 100; an id given twice counts once) or all: true. An event read "
                    + "before keeps its first read_at. Ids of no stored event of this user (unknown, not stored yet, "
                    + "or another user's) are ignored and counted as unknown. all marks every event of the user "
                    + "stored and unread when it starts, a thousand per transaction, and answers marked only. Safe "
                    + "to send again.")
    @APIResponse(responseCode = "200", description = "Done: for event_ids, each distinct id counted once as marked, "
            + "already_read or unknown; for all, how many were marked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.READ_REPORT)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "413", description = "The body is over the limit (API_MAX_BODY_BYTES, 64 KiB); it "
            + "was not read further and nothing was marked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.ERROR)))
    @APIResponse(responseCode = "415", description = "The Content-Type is missing or not application/json; nothing "
            + "was marked",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.ERROR)))
    @APIResponse(responseCode = "503", ref = ApiContract.READ_UNAVAILABLE)
    public Response markRead(@Parameter(description = "The user's id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("user_id") String userId,
            @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.MARK_READ))) InputStream body,
            @Context HttpHeaders headers) throws IOException {
        if (headers.getMediaType() == null) {
            throw new NotSupportedException("Content-Type must be application/json");
        }
        ReadMarking marking = ReadRequests.parse(userId, RequestBody.read(body, headers.getLength(), limits.maxBodyBytes));
        if (!marking.all()) {
            return Response.ok(EventAnswers.read(storedEvents.markRead(marking.userId(), marking.eventIds()))).build();
        }
        long marked = 0;
        StoredEvents.UnreadMarked step = null;
        do {
            step = storedEvents.markUnreadRead(marking.userId(), step == null ? null : step.oldest(), ALL_PER_TRANSACTION);
            marked += step.marked();
        } while (step.candidates() == ALL_PER_TRANSACTION);
        return Response.ok(EventAnswers.readAll(marked)).build();
    }
}
