package io.notifications.api.console.boundary;

import io.notifications.api.console.control.CsrfToken;
import io.notifications.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Every console request that may change something (any method but {@code GET}, {@code HEAD} and {@code OPTIONS})
 * must carry the session's CSRF token in {@value CsrfToken#HEADER}; without it, or with another, it gets a JSON 403
 * and does nothing. The login form is the exception: there is no session to hold a token before it. Runs after the
 * login check, so an anonymous request has already had its 401.
 */
@PreMatching
@Priority(Priorities.AUTHORIZATION)
public class CsrfCheck implements ContainerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = Logger.getLogger(CsrfCheck.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        String given = context.getHeaderString(CsrfToken.HEADER);
        if (SAFE_METHODS.contains(context.getMethod()) || context.getUriInfo().getPath().equals(ConsoleGate.LOGIN)
                || CsrfToken.matches(request.getSession(false), given)) {
            return;
        }
        boolean missing = given == null;
        LOG.warning(() -> "Console: refused " + context.getMethod() + " /admin/" + context.getUriInfo().getPath() + " from "
                + request.getRemoteAddr() + ": " + (missing ? "no" : "a wrong") + " CSRF token");
        context.abortWith(ErrorBody.response(403, (missing ? "The " + CsrfToken.HEADER + " header is missing"
                : "The " + CsrfToken.HEADER + " header is not this session's token")
                + ": a change needs the token the console's pages get from /admin/api/session. Nothing was done.").build());
    }
}
