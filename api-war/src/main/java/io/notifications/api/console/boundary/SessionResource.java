package io.notifications.api.console.boundary;

import io.notifications.api.console.control.CsrfToken;
import io.notifications.message.JsonBuilders;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /admin/api/session}: who is logged in, and the CSRF token every change must carry. */
@Path("api/session")
public class SessionResource {

    @GET
    @Operation(hidden = true)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject session(@Context SecurityContext security, @Context HttpServletRequest request) {
        return JsonBuilders.object()
                .add("user", security.getUserPrincipal().getName())
                .add("csrf_header", CsrfToken.HEADER)
                .add("csrf_token", CsrfToken.of(request.getSession()))
                .build();
    }
}
