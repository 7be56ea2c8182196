package io.notifications.api.errors;

import io.notifications.api.messaging.BrokerUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 503 with {@code Retry-After}: nothing was accepted, and a retry is safe because event ids are idempotent. */
@Provider
public class BrokerUnavailableMapper implements ExceptionMapper<BrokerUnavailableException> {

    @Override
    public Response toResponse(BrokerUnavailableException e) {
        return UnexpectedExceptionMapper.brokerUnavailable(e);
    }
}
