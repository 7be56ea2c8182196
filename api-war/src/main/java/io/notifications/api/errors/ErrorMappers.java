package io.notifications.api.errors;

import io.notifications.api.deadletters.boundary.DeadLettersUnavailableMapper;
import java.util.Set;

/** The exception mappers every JAX-RS application of the WAR registers, so that the API and the console answer alike. */
public final class ErrorMappers {

    /** Every error as JSON in the API's shape ({@link ErrorBody}), by the exception that causes it. */
    public static final Set<Class<?>> ALL = Set.of(
            InvalidEventMapper.class,
            InvalidRequestMapper.class,
            BodyTooLargeMapper.class,
            BrokerUnavailableMapper.class,
            BatchNotConfirmedMapper.class,
            DeadLettersUnavailableMapper.class,
            WebApplicationExceptionMapper.class,
            UnexpectedExceptionMapper.class);

    private ErrorMappers() {
    }
}
