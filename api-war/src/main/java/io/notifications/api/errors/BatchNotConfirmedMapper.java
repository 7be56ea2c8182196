package io.notifications.api.errors;

import io.notifications.api.events.control.BatchNotConfirmedException;
import io.notifications.api.events.control.EventAnswers;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * 503 with {@code Retry-After} for a batch RabbitMQ did not confirm in full: the error's shape, the unconfirmed events
 * as errors by index, and every event id of the batch, under which a resent batch is stored once.
 */
@Provider
public class BatchNotConfirmedMapper implements ExceptionMapper<BatchNotConfirmedException> {

    @Override
    public Response toResponse(BatchNotConfirmedException e) {
        return answer(e);
    }

    static Response answer(BatchNotConfirmedException e) {
        UnexpectedExceptionMapper.log503(e.getMessage() + ", first " + e.unconfirmed().get(0));
        String message = e.getMessage() + ": the batch may be partly accepted. Send it again with the same event ids "
                + "(event_ids here, or the same Idempotency-Key and order): events already accepted are stored once.";
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.builder(message, e.unconfirmed()).add(EventAnswers.EVENT_IDS, EventAnswers.ids(e.eventIds())).build())
                .header("Retry-After", UnexpectedExceptionMapper.RETRY_AFTER_SECONDS)
                .build();
    }
}
