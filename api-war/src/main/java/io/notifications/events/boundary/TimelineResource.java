package io.notifications.events.boundary;

import io.notifications.events.control.EventJson;
import io.notifications.events.control.StoredEvents;
import io.notifications.events.control.TimelineCursor;
import io.notifications.events.control.TimelineParameters;
import io.notifications.events.entity.TimelinePage;
import io.notifications.json.JsonBuilders;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code GET /api/users/{user_id}/events}: the user's stored events, newest first, a page at a time. A page ends with
 * the cursor of the next one, in the body's {@code next} and as a {@code Link} header with {@code rel="next"} that
 * keeps the request's other parameters. Events stored while a client pages never shift the pages that follow.
 */
@Path("users/{user_id}/events")
@ApplicationScoped
public class TimelineResource {

    /** A page changes while events for the user arrive: a cache must ask again each time. */
    static final String CACHE_TIMELINE = "private, no-cache";

    @EJB
    StoredEvents storedEvents;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response timeline(@PathParam("user_id") String userId, @Context UriInfo uriInfo) {
        TimelinePage page = storedEvents.timeline(TimelineParameters.parse(userId, uriInfo.getQueryParameters()));

        JsonArrayBuilder events = JsonBuilders.array();
        page.events().forEach(event -> events.add(EventJson.stored(event)));
        JsonObjectBuilder body = JsonBuilders.object().add("events", events);
        Response.ResponseBuilder answer = Response.ok().header(HttpHeaders.CACHE_CONTROL, CACHE_TIMELINE);
        if (page.next() == null) {
            body.addNull("next");
        } else {
            String next = TimelineCursor.encode(page.next());
            body.add("next", next);
            answer.link(uriInfo.getRequestUriBuilder().replaceQueryParam(TimelineParameters.BEFORE, next).build(), "next");
        }
        return answer.entity(body.build()).build();
    }
}
