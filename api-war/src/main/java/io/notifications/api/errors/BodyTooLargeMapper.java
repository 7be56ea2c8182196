package io.notifications.api.errors;

import io.notifications.api.events.control.BodyTooLargeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 413: the body is over the limit, and was not read further. */
@Provider
public class BodyTooLargeMapper implements ExceptionMapper<BodyTooLargeException> {

    @Override
    public Response toResponse(BodyTooLargeException e) {
        return ErrorBody.response(413, e.getMessage()).build();
    }
}
