package io.notifications.deadletters.boundary;

import io.notifications.deadletters.control.DeadLetterQueue;
import io.notifications.deadletters.entity.DeadLetter;
import io.notifications.messaging.Topology;
import io.notifications.json.JsonBuilders;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
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

/**
 * {@code /api/admin/dead-letters}: the messages the consumer parked in {@value Topology#DEAD_LETTER_QUEUE}, to look
 * at, replay through the normal path or discard.
 *
 * <p>When API keys are configured ({@code api.keys}) these endpoints need one, like every path under {@code /api}
 * ({@link io.notifications.apikeys.boundary.ApiKeyFilter}); any publisher's key will do, as there is no admin role
 * yet. Without keys anyone who reaches the API can replay and discard parked messages, so keep {@code /api/admin}
 * away from untrusted networks (at the proxy in front of the API).
 */
@Path("admin/dead-letters")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeadLettersResource {

    @Inject
    DeadLetterQueue deadLetters;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    /** The oldest parked messages, oldest first, and the number parked. */
    @GET
    public JsonObject list(@QueryParam("limit") String limit) {
        return deadLetters.list(limit(limit)).toJson();
    }

    /** Replays the oldest parked messages, up to {@code limit}. */
    @POST
    @Path("replay")
    public JsonObject replayOldest(@QueryParam("limit") String limit) {
        return deadLetters.replayOldest(limit(limit), caller()).toJson(Topology.EXCHANGE);
    }

    @POST
    @Path("{message_id}/replay")
    public JsonObject replay(@PathParam("message_id") String messageId) {
        DeadLetter replayed = deadLetters.replay(messageId, caller()).orElseThrow(() -> notParked(messageId));
        return answer("Replayed to " + Topology.EXCHANGE, replayed);
    }

    @DELETE
    @Path("{message_id}")
    public JsonObject discard(@PathParam("message_id") String messageId) {
        DeadLetter discarded = deadLetters.discard(messageId, caller()).orElseThrow(() -> notParked(messageId));
        return answer("Discarded", discarded);
    }

    private static int limit(String text) {
        return Limit.parse(text).orElseThrow(
                () -> new BadRequestException("limit must be a whole number from 1 to " + Limit.MAX));
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
