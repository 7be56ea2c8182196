package io.notifications.api.errors;

import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * Refuses a body on {@code GET}, {@code HEAD}, {@code DELETE} and {@code OPTIONS} under {@code /api} with a JSON 400:
 * none of the API's operations of these methods takes one, and a read must not answer as if a body it ignored had
 * been understood. Payara's HTTP listener refused such requests itself with a bare 400; it lets them through now
 * ({@code allow-payload-for-undefined-http-methods}, set before boot in {@code server-config/micro/http-closed.asadmin}) so that the API
 * answers them in its own shape. After the API key check, so that a caller without a key still gets the 401 first.
 */
@Provider
@PreMatching
@Priority(Priorities.USER + 100)
public class BodyNotAllowedFilter implements ContainerRequestFilter {

    static final Set<String> BODYLESS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE, HttpMethod.OPTIONS);

    @Override
    public void filter(ContainerRequestContext request) {
        if (BODYLESS.contains(request.getMethod()) && hasBody(request)) {
            request.abortWith(ErrorBody.response(400, "A " + request.getMethod() + " request takes no body; nothing was done")
                    .build());
        }
    }

    static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }
}
