package io.notifications.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Errors the JAX-RS runtime raises itself (404, 405, 406, 415, 413 ...) in the API's JSON shape, headers kept. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return UnexpectedExceptionMapper.internalError(e);
        }
        Response.ResponseBuilder answer = ErrorBody.response(status, message(e, original));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> answer.header(name, value));
            }
        });
        return answer.build();
    }

    private static String message(WebApplicationException e, Response original) {
        if (original.getStatus() == 415) {
            return "Content-Type must be application/json";
        }
        String message = e.getMessage();
        // The runtime's own messages read "HTTP 405 Method Not Allowed": the reason phrase says the same, plainer.
        if (message == null || message.startsWith("HTTP ")) {
            return original.getStatusInfo().getReasonPhrase();
        }
        return message;
    }
}
