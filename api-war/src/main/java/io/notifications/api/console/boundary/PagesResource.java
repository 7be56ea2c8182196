package io.notifications.api.console.boundary;

import io.notifications.api.console.control.ConsoleFiles;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The console's pages ({@code /admin/}, {@code /admin/events}, {@code /admin/dead-letters}) and their CSS and scripts. */
@Path("")
public class PagesResource {

    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    @Context
    ServletContext servletContext;

    @GET
    @Operation(hidden = true)
    public Response overview(@Context UriInfo uri) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            // The pages link to each other relatively: the overview's address ends with a slash.
            return Response.status(Response.Status.FOUND).location(uri.getBaseUri()).build();
        }
        return Response.ok(ConsoleFiles.read(servletContext, ConsoleFiles.PAGES.get("/")), HTML).build();
    }

    @GET
    @Operation(hidden = true)
    @Path("{page: events|dead-letters}")
    public Response page(@PathParam("page") String page) {
        return Response.ok(ConsoleFiles.read(servletContext, ConsoleFiles.PAGES.get("/" + page)), HTML).build();
    }

    @GET
    @Operation(hidden = true)
    @Path("{asset: [a-z-]+\\.(css|js)}")
    public Response asset(@PathParam("asset") String asset) {
        if (!ConsoleFiles.isAsset(asset)) {
            throw new NotFoundException();
        }
        return Response.ok(ConsoleFiles.read(servletContext, asset), ConsoleFiles.contentType(asset)).build();
    }
}
