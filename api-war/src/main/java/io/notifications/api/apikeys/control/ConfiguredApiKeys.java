package io.notifications.api.apikeys.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API keys of this deployment, read from {@code api.keys} ({@code API_KEYS}) once, when the application starts.
 * An entry that cannot be a key fails the start rather than leaving the API open or half closed.
 */
@ApplicationScoped
public class ConfiguredApiKeys {

    private static final Logger LOG = Logger.getLogger(ConfiguredApiKeys.class.getName());

    @Inject
    @ConfigProperty(name = "api.keys")
    Optional<String> setting;

    private ApiKeys keys;

    /** Reads the keys at start-up, not at the first request: a bad setting shows at once, and the warning once. */
    void readAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        keys.count();
    }

    @PostConstruct
    void read() {
        keys = ApiKeys.parse(setting.orElse(null));
        if (keys.required()) {
            LOG.info(() -> "API keys: " + keys.count() + " configured; every /api request must present one");
        } else {
            LOG.warning("API keys: none configured (api.keys / API_KEYS): anyone who reaches /api can publish events"
                    + " and replay or discard dead letters");
        }
    }

    public ApiKeys keys() {
        return keys;
    }
}
