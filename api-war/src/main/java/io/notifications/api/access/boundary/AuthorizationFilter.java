package io.notifications.api.access.boundary;

import io.notifications.api.access.control.Access;
import io.notifications.api.access.control.Caller;
import io.notifications.api.access.control.ConfiguredAccess;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Whether the caller may use the resource the request reached: a user's token only that user's
 * {@link ForOneUser} resources (403 for another user's, and for the service endpoints while API keys are
 * configured); a user's endpoints need a token once tokens are configured. Decided after matching, on the
 * {@code user_id} JAX-RS matched, so no spelling of the path (matrix parameters, escapes) reaches another user.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationFilter implements ContainerRequestFilter {

    @Inject
    ConfiguredAccess configured;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Access access = configured.access();
        if (!access.acceptsUserTokens()) {
            return; // no user tokens: the authentication filter has decided everything
        }
        Optional<String> user = resource.getResourceClass().isAnnotationPresent(ForOneUser.class)
                ? Optional.ofNullable(request.getUriInfo().getPathParameters().getFirst(ForOneUser.USER_ID))
                : Optional.empty();
        Caller caller = (Caller) request.getSecurityContext().getUserPrincipal();
        access.authorize(caller, user).ifPresent(refusal -> request.abortWith(AuthenticationFilter.refused(refusal)));
    }
}
