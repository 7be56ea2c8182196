package io.notifications.api.metrics;

import io.notifications.api.shutdown.Draining;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Counts {@value ApiMetrics#REJECTED} in one place: every {@code /api} request that would publish or change
 * something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) and got a 4xx or 5xx, whichever filter, mapper or
 * resource answered it, tagged with the reason its status gives ({@link Rejection}). Reads ({@code GET}) are not
 * counted: a 404 for an event not stored yet is an answer, not a refusal. A refused request counts once, a batch too.
 */
@Provider
public class RejectionCounter implements ContainerResponseFilter {

    @Inject
    ApiMetrics metrics;

    @Inject
    Draining draining;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && changes(request.getMethod())) {
            metrics.rejected(Rejection.of(status, draining.isDraining()));
        }
    }

    private static boolean changes(String method) {
        return !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method) && !HttpMethod.OPTIONS.equals(method);
    }
}
