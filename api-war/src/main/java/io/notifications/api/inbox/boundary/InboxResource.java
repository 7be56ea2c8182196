package io.notifications.api.inbox.boundary;

import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The inbox's page, at {@code /inbox/} (a form asking for the user id) and {@code /inbox/{user_id}} (that user's
 * inbox), and its script and stylesheet. The files are kept under {@code WEB-INF/inbox/}, where no servlet serves
 * them by itself; only those named here are served.
 */
@Path("")
public class InboxResource {

    private static final String FOLDER = "/WEB-INF/inbox/";
    private static final String PAGE = "inbox.html";
    private static final Map<String, String> ASSETS = Map.of(
            "inbox.js", "text/javascript;charset=UTF-8",
            "inbox.css", "text/css;charset=UTF-8");

    @Context
    ServletContext servletContext;

    @GET
    @Operation(hidden = true)
    public Response form(@Context UriInfo uri) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            // The page loads its script and stylesheet relatively: its address is under /inbox/.
            return Response.status(Response.Status.FOUND).location(uri.getBaseUri()).build();
        }
        return page();
    }

    /** The same page: its script reads the user id from the address, and checks it before any request. */
    @GET
    @Operation(hidden = true)
    @Path("{user_id: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}")
    public Response inbox() {
        return page();
    }

    @GET
    @Operation(hidden = true)
    @Path("{asset: [a-z]+\\.(css|js)}")
    public Response asset(@PathParam("asset") String asset) {
        String type = ASSETS.get(asset);
        if (type == null) {
            throw new NotFoundException();
        }
        return Response.ok(read(asset), type).build();
    }

    private Response page() {
        return Response.ok(read(PAGE), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }

    private String read(String file) {
        try (InputStream in = servletContext.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("The inbox's file " + file + " is missing from the WAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
