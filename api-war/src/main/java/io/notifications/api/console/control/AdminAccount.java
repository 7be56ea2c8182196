package io.notifications.api.console.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the operator's console is enabled, and for whom: {@code console.user} ({@code CONSOLE_USER}) with
 * {@code console.password-hash} ({@code CONSOLE_PASSWORD_HASH}) or {@code console.password} ({@code CONSOLE_PASSWORD}).
 * Without them, or with settings it cannot use, the console stays disabled and says so at start-up; the API is
 * unaffected either way.
 */
@ApplicationScoped
public class AdminAccount {

    private static final Logger LOG = Logger.getLogger(AdminAccount.class.getName());

    static final String NOT_CONFIGURED = "no admin is configured: set CONSOLE_USER and CONSOLE_PASSWORD_HASH (or CONSOLE_PASSWORD)";

    @Inject
    @ConfigProperty(name = "console.user")
    Optional<String> user;

    @Inject
    @ConfigProperty(name = "console.password-hash")
    Optional<String> passwordHash;

    @Inject
    @ConfigProperty(name = "console.password")
    Optional<String> password;

    private AdminCredentials credentials;
    private String disabledBecause;
    private boolean misconfigured;

    @PostConstruct
    void read() {
        try {
            credentials = AdminCredentials.configure(user, passwordHash, password).orElse(null);
            disabledBecause = credentials == null ? NOT_CONFIGURED : null;
        } catch (IllegalArgumentException e) {
            disabledBecause = "its settings cannot be used: " + e.getMessage();
            misconfigured = true;
        }
    }

    /** Says once, as the application starts, whether the console is on. */
    void announce(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (credentials != null) {
            LOG.info(() -> "Operator console: enabled at /admin for " + credentials.describe());
        } else if (misconfigured) {
            LOG.severe(() -> "Operator console: disabled, " + disabledBecause);
        } else {
            LOG.info(() -> "Operator console: disabled, " + disabledBecause);
        }
    }

    public boolean enabled() {
        return credentials != null;
    }

    /** Why the console is disabled, or {@code null} when it is enabled. */
    public String disabledBecause() {
        return disabledBecause;
    }

    /** The admin's name when these are the admin's credentials, checked with the platform's PBKDF2. */
    public Optional<String> check(String givenUser, String givenPassword, Pbkdf2PasswordHash pbkdf2) {
        return credentials != null && credentials.accept(givenUser, givenPassword, pbkdf2)
                ? Optional.of(credentials.user())
                : Optional.empty();
    }
}
