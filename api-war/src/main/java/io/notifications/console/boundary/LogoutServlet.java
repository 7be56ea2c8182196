package io.notifications.console.boundary;

import jakarta.json.Json;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.logging.Logger;

/** {@code POST /admin/logout} (with the CSRF token, as every change): ends the login and the session. */
@WebServlet(ConsolePages.LOGOUT)
public class LogoutServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(LogoutServlet.class.getName());

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String user = request.getUserPrincipal() == null ? "nobody" : request.getUserPrincipal().getName();
        request.logout();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        LOG.info(() -> "Console: admin '" + user + "' logged out");
        JsonAnswers.send(response, 200, Json.createObjectBuilder()
                .add("message", "Logged out")
                .add("login", request.getContextPath() + ConsolePages.LOGIN)
                .build());
    }
}
