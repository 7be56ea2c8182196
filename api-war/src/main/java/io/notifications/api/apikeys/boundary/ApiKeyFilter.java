package io.notifications.api.apikeys.boundary;

import io.notifications.api.apikeys.control.ApiKeys;
import io.notifications.api.apikeys.control.ConfiguredApiKeys;
import io.notifications.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * When API keys are configured, every request under {@code /api} (the events and the dead-letter endpoints alike)
 * must present one as {@code Authorization: Bearer <key>}; any other gets 401 before a resource is chosen or a body
 * read, so nothing of it is published. The 401 carries the challenge of RFC 6750: {@code WWW-Authenticate: Bearer
 * realm="notifications"}, with {@code error="invalid_token"} when credentials were given but are not a key.
 * {@code /health} is served outside JAX-RS and stays open.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION) // before every other filter, the draining one included
public class ApiKeyFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"notifications\"";

    @Inject
    ConfiguredApiKeys configured;

    @Override
    public void filter(ContainerRequestContext request) {
        ApiKeys.Verdict verdict = configured.keys().check(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        switch (verdict) {
            case ACCEPTED -> {
            }
            case MISSING -> request.abortWith(ErrorBody
                    .response(401, "An API key is required: send it as Authorization: Bearer <key>. Nothing was accepted.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .build());
            case INVALID -> request.abortWith(ErrorBody
                    .response(401, "The API key is not valid. Nothing was accepted.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + ", error=\"invalid_token\"")
                    .build());
        }
    }
}
