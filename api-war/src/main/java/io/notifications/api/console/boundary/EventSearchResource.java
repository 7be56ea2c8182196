package io.notifications.api.console.boundary;

import io.notifications.api.events.boundary.EventsResource;
import io.notifications.api.events.control.EventAnswers;
import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.events.control.TimelineParameters;
import jakarta.ejb.EJB;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's view of stored events, with the read API's rules: {@code GET /admin/api/events?user_id=...} (and
 * {@code event_type}, {@code since}, {@code until}, {@code before}, {@code limit}) a page of a user's timeline,
 * {@code GET /admin/api/events/{event_id}} one event.
 */
@Path("api/events")
@Produces(MediaType.APPLICATION_JSON)
public class EventSearchResource {

    @EJB
    StoredEvents storedEvents;

    @GET
    @Operation(hidden = true)
    public JsonObject timeline(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        List<String> users = query.getOrDefault(TimelineParameters.USER_ID, List.of());
        return EventAnswers.page(storedEvents.timeline(TimelineParameters.parse(users.size() == 1 ? users.get(0) : "", query)));
    }

    @GET
    @Operation(hidden = true)
    @Path("{event_id}")
    public Response event(@PathParam("event_id") String id) {
        return EventsResource.read(storedEvents, id);
    }
}
