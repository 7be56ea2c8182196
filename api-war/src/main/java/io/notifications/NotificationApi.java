package io.notifications;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under {@code /api}; health checks are served by the server at {@code /health}. */
@ApplicationPath("api")
public class NotificationApi extends Application {
}
