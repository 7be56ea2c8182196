package io.notifications;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/** The REST API lives under {@code /api}; health checks are served by the server at {@code /health}. */
@ApplicationPath("api")
public class NotificationApi extends Application {

    /**
     * Jersey answers {@code OPTIONS} with a generated WADL document by default, which names the Java methods behind
     * each path and Jersey's version; without it, {@code OPTIONS} answers the {@code Allow} header only.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
