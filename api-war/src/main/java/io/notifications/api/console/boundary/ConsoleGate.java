package io.notifications.api.console.boundary;

import io.notifications.api.console.control.AdminAccount;
import io.notifications.api.console.control.AdminIdentityStore;
import io.notifications.api.console.control.ConsoleFiles;
import io.notifications.api.console.control.ConsoleSession;
import io.notifications.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

/**
 * Who may see the console: the admin logged in with this session ({@link ConsoleSession}). The login form and the
 * stylesheet are open. Anyone else asking for a page is sent to the login form, which brings them back to the page;
 * asking for the JSON ({@code /admin/api/...}) gets a JSON 401, which the pages' script turns into that redirect.
 * With no admin configured, every path but the stylesheet answers that the console is disabled.
 *
 * <p>Only the console's application runs it: the API's requests never pass here.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class ConsoleGate implements ContainerRequestFilter {

    static final String LOGIN = "login";

    @Inject
    AdminAccount account;

    @Context
    HttpServletRequest request;

    @Context
    ServletContext servletContext;

    @Override
    public void filter(ContainerRequestContext context) {
        String path = context.getUriInfo().getPath();
        boolean json = path.startsWith("api/");
        if (!account.enabled()) {
            if (!path.equals(ConsoleFiles.STYLESHEET)) {
                context.abortWith(disabled(json));
            }
            return;
        }
        if (path.equals(LOGIN) || path.equals(ConsoleFiles.STYLESHEET)) {
            return;
        }
        String admin = ConsoleSession.admin(request);
        if (admin != null) {
            context.setSecurityContext(new Admin(admin, context.getSecurityContext().isSecure()));
        } else if (json) {
            context.abortWith(ErrorBody.response(401, "Log in to the console first: /admin/login")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "FormBased").build());
        } else {
            String asked = request.getRequestURI().substring(request.getContextPath().length());
            context.abortWith(Response.status(Response.Status.FOUND).location(URI.create(request.getContextPath()
                    + "/admin/" + LOGIN + "?" + LoginResource.NEXT + "=" + URLEncoder.encode(asked, StandardCharsets.UTF_8))).build());
        }
    }

    private Response disabled(boolean json) {
        String message = "The operator console is disabled on this server: " + account.disabledBecause() + ".";
        if (json) {
            return ErrorBody.response(404, message).build();
        }
        String page = ConsoleFiles.read(servletContext, ConsoleFiles.DISABLED)
                .replace("{{reason}}", ConsoleFiles.escape(account.disabledBecause()))
                .replace("{{css}}", ConsoleFiles.escape(request.getContextPath() + "/admin/" + ConsoleFiles.STYLESHEET));
        return Response.status(404).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(page).build();
    }

    /** The logged-in admin, for the resources' {@link SecurityContext}. */
    private record Admin(String user, boolean secure) implements SecurityContext {

        @Override
        public Principal getUserPrincipal() {
            return () -> user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return AdminIdentityStore.ADMIN_GROUP.equals(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return SecurityContext.FORM_AUTH;
        }
    }
}
