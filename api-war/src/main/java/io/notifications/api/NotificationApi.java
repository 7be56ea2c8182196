package io.notifications.api;

import io.notifications.api.access.boundary.AuthenticationFilter;
import io.notifications.api.access.boundary.AuthorizationFilter;
import io.notifications.api.deadletters.boundary.DeadLettersResource;
import io.notifications.api.errors.BodyNotAllowedFilter;
import io.notifications.api.errors.ErrorMappers;
import io.notifications.api.events.boundary.EventBatchResource;
import io.notifications.api.events.boundary.EventsResource;
import io.notifications.api.events.boundary.ReadStateResource;
import io.notifications.api.events.boundary.TimelineResource;
import io.notifications.api.metrics.RejectionCounter;
import io.notifications.api.shutdown.DrainingFilter;
import io.notifications.api.stream.boundary.EventStreamResource;
import io.notifications.api.tracing.TraceFilter;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The REST API under {@code /api}. Its resources and filters are listed here, not scanned: the WAR holds a second
 * JAX-RS application, the operator console ({@code /admin}), whose classes must not be found here, nor these there.
 * Health checks, metrics and the contract are served by the server ({@code /health}, {@code /metrics},
 * {@code /openapi}).
 */
@ApplicationPath("api")
public class NotificationApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(Set.of(
                EventsResource.class, EventBatchResource.class, TimelineResource.class, ReadStateResource.class, EventStreamResource.class, DeadLettersResource.class,
                TraceFilter.class, AuthenticationFilter.class, AuthorizationFilter.class, DrainingFilter.class, BodyNotAllowedFilter.class, RejectionCounter.class));
        classes.addAll(ErrorMappers.ALL);
        return classes;
    }

    /**
     * Jersey answers {@code OPTIONS} with a generated WADL document by default, which names the Java methods behind
     * each path and Jersey's version; without it, {@code OPTIONS} answers the {@code Allow} header only.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
