package io.notifications.api.access.boundary;

import io.notifications.api.access.control.Access;
import io.notifications.api.access.control.Caller;
import io.notifications.api.access.control.ConfiguredAccess;
import io.notifications.api.errors.ErrorBody;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.time.Instant;

/**
 * Who is calling: every request under {@code /api} is judged by its {@code Authorization: Bearer} credentials (an
 * API key or a user's token) before a resource is chosen or a body read, so a refused request publishes nothing. A
 * refusal is a JSON 401 with RFC 6750's challenge, {@code WWW-Authenticate: Bearer realm="notifications"}, with
 * {@code error="invalid_token"} when credentials were given but do not hold. The caller becomes the request's
 * {@link SecurityContext} principal for {@link AuthorizationFilter}. {@code /health} is served outside JAX-RS and
 * stays open.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION) // before every other filter, the draining one included
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Bearer realm=\"notifications\"";

    @Inject
    ConfiguredAccess configured;

    @Override
    public void filter(ContainerRequestContext request) {
        Access access = configured.access();
        if (!access.guarded()) {
            return;
        }
        Access.Authentication authentication = access.authenticate(request.getHeaders().get(HttpHeaders.AUTHORIZATION), Instant.now());
        if (authentication.refusal() != null) {
            request.abortWith(refused(authentication.refusal()));
            return;
        }
        Caller caller = authentication.caller();
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return caller;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    static Response refused(Access.Refusal refusal) {
        Response.ResponseBuilder response = ErrorBody.response(refusal.status(), refusal.message());
        if (refusal.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + refusal.error().map(error -> ", error=\"" + error + "\"").orElse(""));
        }
        return response.build();
    }
}
