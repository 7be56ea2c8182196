package io.notifications.api.deadletters.boundary;

import io.notifications.api.deadletters.control.DeadLettersUnavailableException;
import io.notifications.api.errors.ErrorBody;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * 503 with {@code Retry-After} and what became of the dead letters. Nearer to the exception than the API's own
 * broker mapper, whose message speaks of events not accepted.
 */
@Provider
public class DeadLettersUnavailableMapper implements ExceptionMapper<DeadLettersUnavailableException> {

    private static final Logger LOG = Logger.getLogger(DeadLettersUnavailableMapper.class.getName());
    private static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(DeadLettersUnavailableException e) {
        LOG.warning(() -> "Answered 503 to a dead-letter request: " + e.getMessage()
                + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        return ErrorBody.response(503, "The message broker is unavailable: " + e.getMessage() + ". Retry later.")
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }
}
