package io.notifications.api.events.boundary;

import io.notifications.api.access.boundary.ForOneUser;
import io.notifications.api.contract.ApiContract;
import io.notifications.api.contract.Schemas;
import io.notifications.api.errors.InvalidRequestException;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.events.control.TimelineCursor;
import io.notifications.api.events.control.TimelineParameters;
import io.notifications.api.events.entity.TimelinePage;
import io.notifications.message.EventFields;
import io.notifications.message.FieldError;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/users/{user_id}/events}: the user's stored events, newest first, a page at a time, or only the
 * unread ones ({@code unread=true}). A page ends with the cursor of the next one, in the body's {@code next} and as a
 * {@code Link} header with {@code rel="next"} that keeps the request's other parameters. Events stored while a client
 * pages never shift the pages that follow.
 *
 * <p>{@code GET /api/users/{user_id}/events/unread-count}: how many of them are unread, up to a cap.
 */
@Path("users/{user_id}/events")
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
public class TimelineResource {

    /** A page changes while events for the user arrive: a cache must ask again each time. */
    static final String CACHE_TIMELINE = "private, no-cache";

    /** Most unread events counted: above it the count answers the cap, {@code capped: true}, at a bounded cost. */
    public static final int UNREAD_COUNT_CAP = 10_000;

    @EJB
    StoredEvents storedEvents;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "readTimeline", summary = "Read a user's stored events, newest first, a page at a time",
            description = "Follow next (or the Link header) for the following page; events stored meanwhile never "
                    + "shift the pages that follow. Each parameter may be given once; every invalid one is named in "
                    + "one 400.")
    @Parameter(name = TimelineParameters.LIMIT, in = ParameterIn.QUERY, description = "Events per page",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + TimelineParameters.MAX_LIMIT,
                    defaultValue = "" + TimelineParameters.DEFAULT_LIMIT))
    @Parameter(name = TimelineParameters.BEFORE, in = ParameterIn.QUERY, description = "The next cursor of the "
            + "previous page, unchanged. Opaque: its form is not part of the contract",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = TimelineParameters.EVENT_TYPE, in = ParameterIn.QUERY, description = "Only events of this type, exactly",
            schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 100))
    @Parameter(name = TimelineParameters.SINCE, in = ParameterIn.QUERY, description = "Only events accepted at or "
            + "after this ISO-8601 instant with an offset (send + as %2B)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time", example = "2026-11-26T10:15:30Z"))
    @Parameter(name = TimelineParameters.UNTIL, in = ParameterIn.QUERY, description = "Only events accepted before "
            + "this ISO-8601 instant with an offset; later than since",
            schema = @Schema(type = SchemaType.STRING, format = "date-time", example = "2026-11-27T00:00:00Z"))
    @Parameter(name = TimelineParameters.UNREAD, in = ParameterIn.QUERY, description = "true: only the events not "
            + "marked read, with the same paging (the Link keeps unread=true)",
            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @APIResponse(responseCode = "200", description = "A page, possibly empty (an unknown user has no events)",
            headers = @Header(name = "Link", description = "<the same request with before=next>; rel=\"next\", "
                    + "when there is a next page", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.TIMELINE_PAGE)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "503", ref = ApiContract.READ_UNAVAILABLE)
    public Response timeline(@Parameter(description = "The user's id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("user_id") String userId, @Context UriInfo uriInfo) {
        TimelinePage page = storedEvents.timeline(TimelineParameters.parse(userId, uriInfo.getQueryParameters()));
        Response.ResponseBuilder answer = Response.ok(EventAnswers.page(page)).header(HttpHeaders.CACHE_CONTROL, CACHE_TIMELINE);
        if (page.next() != null) {
            String next = TimelineCursor.encode(page.next());
            answer.link(uriInfo.getRequestUriBuilder().replaceQueryParam(TimelineParameters.BEFORE, next).build(), "next");
        }
        return answer.build();
    }

    @GET
    @Path("unread-count")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "countUnread", summary = "Count a user's unread events",
            description = "Exact up to " + UNREAD_COUNT_CAP + "; a user with more gets " + UNREAD_COUNT_CAP
                    + " and capped: true. An unknown user has 0.")
    @APIResponse(responseCode = "200", description = "The count",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = Schemas.UNREAD_COUNT)))
    @APIResponse(responseCode = "400", ref = ApiContract.INVALID)
    @APIResponse(responseCode = "503", ref = ApiContract.READ_UNAVAILABLE)
    public Response unreadCount(@Parameter(description = "The user's id", required = true, schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @PathParam("user_id") String userId) {
        if (!EventFields.isUuid(userId)) {
            throw new InvalidRequestException("Invalid unread count request",
                    List.of(new FieldError(TimelineParameters.USER_ID, EventFields.NOT_A_UUID)));
        }
        long counted = storedEvents.countUnread(UUID.fromString(userId), UNREAD_COUNT_CAP);
        return Response.ok(EventAnswers.unreadCount(counted, UNREAD_COUNT_CAP)).header(HttpHeaders.CACHE_CONTROL, CACHE_TIMELINE).build();
    }
}
