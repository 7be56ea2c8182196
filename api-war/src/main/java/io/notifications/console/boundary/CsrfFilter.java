package io.notifications.console.boundary;

import io.notifications.console.control.CsrfToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Every request under {@code /admin} that may change something (any method but {@code GET}, {@code HEAD} and
 * {@code OPTIONS}) must carry the session's CSRF token in {@value CsrfToken#HEADER}; without it, or with another, it
 * gets a JSON 403 and does nothing. The login form is the exception: there is no session to hold a token before it.
 * Runs after the login check, so an anonymous request has already had its 401.
 */
@WebFilter(ConsolePages.CONSOLE + "/*")
public class CsrfFilter extends HttpFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Logger LOG = Logger.getLogger(CsrfFilter.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (SAFE_METHODS.contains(request.getMethod()) || ConsolePages.pathOf(request).equals(ConsolePages.LOGIN)
                || CsrfToken.matches(request.getSession(false), request.getHeader(CsrfToken.HEADER))) {
            chain.doFilter(request, response);
            return;
        }
        boolean missing = request.getHeader(CsrfToken.HEADER) == null;
        LOG.warning(() -> "Console: refused " + request.getMethod() + " " + ConsolePages.pathOf(request) + " from "
                + request.getRemoteAddr() + ": " + (missing ? "no" : "a wrong") + " CSRF token");
        JsonAnswers.error(response, 403, (missing ? "The " + CsrfToken.HEADER + " header is missing" : "The "
                + CsrfToken.HEADER + " header is not this session's token")
                + ": a change needs the token the console's pages get from /admin/api/session. Nothing was done.");
    }
}
