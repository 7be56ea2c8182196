package io.notifications.api.errors;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON answers outside JAX-RS, in the API's error shape instead of the server's HTML pages (see
 * {@code WEB-INF/web.xml}). As the application's default servlet it answers every path outside {@code /api}, whatever
 * the method, with 404: the application serves nothing else there. As the error page it answers whatever error the
 * container raises itself for this application, with the container's status; a failure gets a 500 whose details stay
 * in the log under an incident id, as in {@link UnexpectedExceptionMapper}.
 */
public class ErrorPageServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int code = status instanceof Integer given ? given : HttpServletResponse.SC_NOT_FOUND;
        String message;
        if (failure instanceof Throwable thrown) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Incident " + incident, thrown);
            code = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            message = "Internal error (incident " + incident + ")";
        } else {
            Response.Status known = Response.Status.fromStatusCode(code);
            message = known == null ? "HTTP " + code : known.getReasonPhrase();
        }
        byte[] body = ErrorBody.json(message, List.of()).toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(code);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
