package io.notifications.api.console.boundary;

import io.notifications.api.deadletters.boundary.DeadLettersResource;
import jakarta.ws.rs.Path;

/**
 * The one dead-letters API ({@link DeadLettersResource}, {@code /api/admin/dead-letters} behind the API keys), mounted
 * for the console at {@code /admin/api/dead-letters}, behind the admin's login and CSRF token: same methods, same
 * answers, same limits.
 */
@Path("api/dead-letters")
public class ConsoleDeadLetters extends DeadLettersResource {
}
