package io.notifications.api.inbox.boundary;

import io.notifications.api.console.boundary.SecurityHeaders;
import io.notifications.api.errors.ErrorMappers;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reference inbox under {@code /inbox}: one static page, its script and its stylesheet, which read a user's
 * events from the API ({@code /api/users/{user_id}/events...}) in the browser. A JAX-RS application of its own, like
 * the console's, so that the API's request path is untouched: the page holds no data and needs no credentials, the
 * API calls it makes carry them. Its answers carry the console's strict headers: no inline script, nothing from
 * elsewhere, no frames.
 */
@ApplicationPath("inbox")
public class InboxPage extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new HashSet<>(Set.of(InboxResource.class, SecurityHeaders.class));
        classes.addAll(ErrorMappers.ALL);
        return classes;
    }

    /** No generated WADL for {@code OPTIONS}, as in the API. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
