package io.notifications.api.deadletters.boundary;

import io.notifications.api.contract.ApiContract;
import io.notifications.api.contract.Schemas;
import io.notifications.api.deadletters.control.DeadLetterQueue;
import io.notifications.api.deadletters.entity.DeadLetter;
import io.notifications.api.errors.InvalidRequestException;
import io.notifications.message.FieldError;
import io.notifications.message.JsonBuilders;
import io.notifications.message.Topology;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The dead-letters API: the messages the consumer parked in {@value Topology#DEAD_LETTER_QUEUE}, to look at, replay
 * through the normal path or discard. One API in two places: {@code /api/admin/dead-letters} for scripts, and
 * {@code /admin/api/dead-letters} for the operator console ({@code ConsoleDeadLetters}, behind the admin's login).
 *
 * <p>Under {@code /api}, when API keys are configured ({@code api.keys}) these endpoints need one, like every path
 * there ({@link io.notifications.api.access.boundary.AuthenticationFilter}); any publisher's key will do, as there is no
 * admin role for keys. Without keys anyone who reaches the API can replay and discard parked messages, so keep
 * {@code /api/admin} away from untrusted networks (at the proxy in front of the API).
 */
@Path("admin/dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(ref = ApiContract.DEAD_LETTERS)
@APIResponse(responseCode = "401", ref = ApiContract.UNAUTHORIZED)
@APIResponse(responseCode = "403", ref = ApiContract.FORBIDDEN)
@APIResponse(responseCode = "406", ref = ApiContract.NOT_ACCEPTABLE)
@APIResponse(responseCode = "500", ref = ApiContract.INTERNAL)
@APIResponse(responseCode = "503", ref = ApiContract.DEAD_LETTERS_UNAVAILABLE)
public class DeadLettersResource {

    private static final String MESSAGE_ID = "The parked message's message_id (for the API's messages, the event id)";
    private static final String NOT_PARKED = "No message with this message_id is parked (among the oldest "
            + DeadLetterQueue.MAX_SEARCHED + ")";

    @Inject
    DeadLetterQueue deadLetters;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    /** The oldest parked messages, oldest first, and the number parked. */
    @GET
    @Operation(operationId = "listDeadLetters", summary = "List the oldest parked messages",
            description = "Oldest first. RabbitMQ shows messages only by delivering them: the listing takes them "
                    + "without acknowledging them and gives them all back in their places; meanwhile other readers "
                    + "do not see them.")
    @APIResponse(responseCode = "200", description = "The listing",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.DEAD_LETTER_LISTING)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    public JsonObject list(@Parameter(description = "How many to list", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "" + Limit.MAX, defaultValue = "" + Limit.DEFAULT)) @QueryParam("limit") String limit) {
        return deadLetters.list(limit(limit)).toJson();
    }

    /** Replays the oldest parked messages, up to {@code limit}. */
    @POST
    @Path("replay")
    @Operation(operationId = "replayOldestDeadLetters", summary = "Replay the oldest parked messages",
            description = "Publishes each again to the exchange, one after the other, and removes it from the "
                    + "dead-letter queue once RabbitMQ confirmed the copy. Stops at the first one RabbitMQ refuses, "
                    + "which stays parked; 503 only when not even the first could be replayed.")
    @APIResponse(responseCode = "200", description = "How many were replayed, and how many remain",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.REPLAY_REPORT)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    public JsonObject replayOldest(@Parameter(description = "How many to replay at most", schema = @Schema(type = SchemaType.INTEGER,
            minimum = "1", maximum = "" + Limit.MAX, defaultValue = "" + Limit.DEFAULT))
            @QueryParam("limit") String limit) {
        return deadLetters.replayOldest(limit(limit), caller()).toJson(Topology.EXCHANGE);
    }

    @POST
    @Path("{message_id}/replay")
    @Operation(operationId = "replayDeadLetter", summary = "Replay one parked message",
            description = "Publishes the oldest parked message with this message id again, and removes it from the "
                    + "dead-letter queue once RabbitMQ confirmed the copy. The consumer stores an event id once, so "
                    + "replaying is safe.")
    @APIResponse(responseCode = "200", description = "Replayed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.DEAD_LETTER_HANDLED)))
    @APIResponse(responseCode = "404", description = NOT_PARKED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.ERROR)))
    public JsonObject replay(@Parameter(description = MESSAGE_ID, required = true) @PathParam("message_id") String messageId) {
        DeadLetter replayed = deadLetters.replay(messageId, caller()).orElseThrow(() -> notParked(messageId));
        return answer("Replayed to " + Topology.EXCHANGE, replayed);
    }

    @DELETE
    @Path("{message_id}")
    @Operation(operationId = "discardDeadLetter", summary = "Discard one parked message for good")
    @APIResponse(responseCode = "200", description = "Discarded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.DEAD_LETTER_HANDLED)))
    @APIResponse(responseCode = "404", description = NOT_PARKED,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.ERROR)))
    public JsonObject discard(@Parameter(description = MESSAGE_ID, required = true) @PathParam("message_id") String messageId) {
        DeadLetter discarded = deadLetters.discard(messageId, caller()).orElseThrow(() -> notParked(messageId));
        return answer("Discarded", discarded);
    }

    private static int limit(String text) {
        String rule = "must be a whole number from 1 to " + Limit.MAX;
        return Limit.parse(text).orElseThrow(() -> new InvalidRequestException("limit " + rule, List.of(new FieldError("limit", rule))));
    }

    private static NotFoundException notParked(String messageId) {
        return new NotFoundException("No message with message_id " + messageId + " is parked in " + Topology.DEAD_LETTER_QUEUE
                + " (the oldest " + DeadLetterQueue.MAX_SEARCHED + " are searched)");
    }

    private static JsonObject answer(String message, DeadLetter letter) {
        return JsonBuilders.object().add("message", message).add("dead_letter", letter.toJson()).build();
    }

    /** Who asked, for the log: the authenticated user once there is one, and the client's address. */
    private String caller() {
        Principal user = security.getUserPrincipal();
        return (user == null ? "an unauthenticated client" : user.getName()) + " at " + request.getRemoteAddr();
    }
}
