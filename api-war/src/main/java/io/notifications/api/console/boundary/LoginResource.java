package io.notifications.api.console.boundary;

import io.notifications.api.console.control.ConsoleFiles;
import io.notifications.api.console.control.ConsoleSession;
import io.notifications.message.JsonBuilders;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /admin/login}: the form ({@code GET}) and the login ({@code POST}), whose credentials Jakarta Security's
 * identity store checks ({@code AdminIdentityStore}, through the {@link IdentityStoreHandler}); a login renews the
 * session and sends the admin on to the page they asked for. {@code /admin/logout} ends the session.
 */
@Path("")
public class LoginResource {

    static final String USER_FIELD = "username";
    static final String PASSWORD_FIELD = "password";
    static final String NEXT = "next";

    private static final Logger LOG = Logger.getLogger(LoginResource.class.getName());
    private static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    @Inject
    IdentityStoreHandler identityStores;

    @Context
    HttpServletRequest request;

    @Context
    ServletContext servletContext;

    @GET
    @Operation(hidden = true)
    @Path(ConsoleGate.LOGIN)
    public Response form(@QueryParam(NEXT) String next) {
        if (ConsoleSession.admin(request) != null) {
            return Response.status(Response.Status.FOUND).location(console(next)).build();
        }
        return form(200, null, next);
    }

    @POST
    @Operation(hidden = true)
    @Path(ConsoleGate.LOGIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response logIn(@FormParam(USER_FIELD) String user, @FormParam(PASSWORD_FIELD) String password,
                          @FormParam(NEXT) String next) {
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(user == null ? "" : user, password == null ? "" : password));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            // The name typed is not logged: a password typed into the wrong field would end up in the log.
            LOG.warning(() -> "Console: a login failed (wrong user name or password) from " + request.getRemoteAddr());
            return form(401, "Wrong user name or password.", next);
        }
        String admin = result.getCallerPrincipal().getName();
        ConsoleSession.logIn(request, admin);
        LOG.info(() -> "Console: admin '" + admin + "' logged in from " + request.getRemoteAddr());
        return Response.seeOther(console(next)).build();
    }

    @POST
    @Operation(hidden = true)
    @Path("logout")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject logOut(@Context SecurityContext security) {
        String admin = security.getUserPrincipal().getName();
        ConsoleSession.logOut(request);
        LOG.info(() -> "Console: admin '" + admin + "' logged out");
        return JsonBuilders.object().add("message", "Logged out").add("login", request.getContextPath() + "/admin/login").build();
    }

    /** The form, with an error message when a login was refused; {@code next} is kept only when it is a console page. */
    private Response form(int status, String error, String next) {
        String page = ConsoleFiles.read(servletContext, ConsoleFiles.LOGIN)
                .replace("{{error}}", error == null ? "" : "<p class=\"error\" role=\"alert\">" + ConsoleFiles.escape(error) + "</p>")
                .replace("{{next}}", ConsoleFiles.escape(next(next)));
        return Response.status(status).type(HTML).entity(page).build();
    }

    private URI console(String next) {
        return URI.create(request.getContextPath() + next(next));
    }

    /** Where to go after the login: one of the console's pages, never anywhere else (no open redirect). */
    static String next(String asked) {
        if (asked != null && asked.startsWith("/admin")) {
            String page = asked.substring("/admin".length());
            if (ConsoleFiles.PAGES.containsKey(page)) {
                return asked;
            }
        }
        return "/admin/";
    }
}
