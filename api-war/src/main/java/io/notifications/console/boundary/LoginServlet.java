package io.notifications.console.boundary;

import io.notifications.console.control.CsrfToken;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * {@code /admin/login}: the login form ({@code GET}), and where a login lands once {@link ConsoleAuthentication}
 * accepted it ({@code POST}): the session gets a new id and a new CSRF token, and the admin goes on to the page they
 * asked for. A refused login never reaches this servlet.
 */
@WebServlet(ConsolePages.LOGIN)
public class LoginServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(LoginServlet.class.getName());

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() != null) {
            response.sendRedirect(request.getContextPath() + next(request.getParameter(ConsoleAuthentication.NEXT_FIELD)));
            return;
        }
        sendForm(request, response, 200, null, request.getParameter(ConsoleAuthentication.NEXT_FIELD));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() == null) { // cannot happen: the mechanism answers refused logins itself
            sendForm(request, response, 401, "Wrong user name or password.", null);
            return;
        }
        HttpSession session = request.getSession();
        // A session id that existed before the login must not be worth a login (session fixation).
        request.changeSessionId();
        CsrfToken.renew(session);
        LOG.info(() -> "Console: admin '" + request.getUserPrincipal().getName() + "' logged in from " + request.getRemoteAddr());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + next(request.getParameter(ConsoleAuthentication.NEXT_FIELD)));
    }

    /** The form, with an error message when a login was refused; {@code next} is kept only when it is a console page. */
    static void sendForm(HttpServletRequest request, HttpServletResponse response, int status, String error, String next)
            throws IOException {
        String page = ConsolePages.read(request.getServletContext(), "login.html")
                .replace("{{error}}", error == null ? "" : "<p class=\"error\" role=\"alert\">" + ConsolePages.escape(error) + "</p>")
                .replace("{{next}}", ConsolePages.escape(next(next)));
        ConsolePages.send(response, status, "login.html", page);
    }

    /** Where to go after the login: one of the console's pages, never anywhere else (no open redirect). */
    static String next(String asked) {
        if (asked != null && asked.startsWith(ConsolePages.CONSOLE)) {
            String page = asked.substring(ConsolePages.CONSOLE.length());
            if (ConsolePages.PAGES.containsKey(page)) {
                return asked;
            }
        }
        return ConsolePages.CONSOLE + "/";
    }
}
