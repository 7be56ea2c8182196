package io.notifications.api.errors;

import io.notifications.message.InvalidEventException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 400 with the reasons, field by field. */
@Provider
public class InvalidEventMapper implements ExceptionMapper<InvalidEventException> {

    @Override
    public Response toResponse(InvalidEventException e) {
        return ErrorBody.response(400, e.getMessage(), e.errors()).build();
    }
}
