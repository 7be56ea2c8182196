package io.notifications.api.access.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This deployment's {@link Access}, read once, when the application starts: the API keys from {@code api.keys}
 * ({@code API_KEYS}) and the per-user tokens' key and claims from MicroProfile JWT's own settings
 * ({@code mp.jwt.verify.*}, {@code MP_JWT_VERIFY_*}). A setting that cannot be used fails the start rather than
 * leaving the API open or half closed.
 */
@ApplicationScoped
public class ConfiguredAccess {

    private static final Logger LOG = Logger.getLogger(ConfiguredAccess.class.getName());

    @Inject
    @ConfigProperty(name = "api.keys")
    Optional<String> keysSetting;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.algorithm", defaultValue = "RS256")
    String algorithm;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audiences;

    /** As SmallRye JWT's default: a minute either way for clocks that disagree. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.token.age")
    Optional<Long> tokenAgeSeconds;

    private Access access;

    /** Reads the settings at start-up, not at the first request: a bad setting shows at once, and the warning once. */
    void readAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object started) {
        access.guarded();
    }

    @PostConstruct
    void read() {
        ApiKeys keys = ApiKeys.parse(keysSetting.orElse(null));
        Optional<UserTokens> tokens = userTokens();
        access = new Access(keys, tokens);
        if (keys.required()) {
            LOG.info(() -> "API keys: " + keys.count() + " configured; every /api request must present one"
                    + (tokens.isPresent() ? " or a user's token for that user's events" : ""));
        } else {
            LOG.warning("API keys: none configured (api.keys / API_KEYS): anyone who reaches /api can publish events"
                    + " and replay or discard dead letters" + (tokens.isPresent() ? "" : ", and read any user's events"));
        }
        tokens.ifPresent(configured -> LOG.info(() -> "User tokens: " + configured.settings().algorithm()
                + " JWTs from " + configured.settings().issuer() + " reach the events of the user in their sub; "
                + configured.settings().keys()));
    }

    private Optional<UserTokens> userTokens() {
        if (publicKey.isPresent() && publicKeyLocation.isPresent()) {
            throw new IllegalArgumentException("Set mp.jwt.verify.publickey or mp.jwt.verify.publickey.location, not both");
        }
        Optional<String> keyText = publicKey.or(() -> publicKeyLocation.map(ConfiguredAccess::readKeyFile));
        if (keyText.isEmpty()) {
            if (issuer.isPresent()) {
                throw new IllegalArgumentException("mp.jwt.verify.issuer is set but no public key"
                        + " (mp.jwt.verify.publickey or mp.jwt.verify.publickey.location) to verify tokens with");
            }
            return Optional.empty();
        }
        UserTokens.Algorithm chosen;
        try {
            chosen = UserTokens.Algorithm.valueOf(algorithm.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.algorithm must be RS256 or ES256");
        }
        Set<String> audienceSet = audiences.map(list -> Arrays.stream(list.split(",")).map(String::strip)
                .filter(audience -> !audience.isEmpty()).collect(Collectors.toSet())).orElse(Set.of());
        return Optional.of(new UserTokens(new UserTokens.Settings(VerificationKeys.parse(keyText.get(), chosen), chosen,
                issuer.orElse(null), audienceSet, Duration.ofSeconds(clockSkewSeconds),
                tokenAgeSeconds.map(Duration::ofSeconds))));
    }

    /** A file path or a {@code file:} URL: keys are read from where the deployment put them, never fetched. */
    private static String readKeyFile(String location) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("mp.jwt.verify.publickey.location: cannot read " + path, e);
        }
    }

    public Access access() {
        return access;
    }
}
