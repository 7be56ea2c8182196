package io.notifications.api.shutdown;

import io.notifications.api.errors.ErrorBody;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/** While the process shuts down, every API request gets a JSON 503 with {@code Retry-After} and a closed connection. */
@Provider
@PreMatching
public class DrainingFilter implements ContainerRequestFilter {

    @Inject
    Draining draining;

    @Override
    public void filter(ContainerRequestContext request) {
        if (draining.isDraining()) {
            request.abortWith(ErrorBody.response(503, "The server is shutting down; nothing was accepted. Retry.")
                    .header("Retry-After", 1)
                    .header("Connection", "close")
                    .build());
        }
    }
}
