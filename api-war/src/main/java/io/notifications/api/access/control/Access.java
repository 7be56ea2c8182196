package io.notifications.api.access.control;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may do what under {@code /api}, from the API keys ({@code api.keys}) and the per-user tokens
 * ({@code mp.jwt.verify.*}):
 * <ul>
 * <li>an API key reaches everything;</li>
 * <li>a user's token reaches that user's timeline, unread count, read state and stream, and nothing else while API
 * keys are configured: another user's gets 403;</li>
 * <li>without API keys the service endpoints are open as they always were, while a user's endpoints still need that
 * user's token once tokens are configured;</li>
 * <li>with neither, everything is open.</li>
 * </ul>
 * Credentials that are presented are checked: a token that does not verify gets 401 even where none is needed.
 */
public final class Access {

    /** Why a request may not go on: its status (401 or 403), a message, and for 401 the RFC 6750 error code. */
    public record Refusal(int status, String message, Optional<String> error) {
        static Refusal unauthorized(String message) {
            return new Refusal(401, message, Optional.empty());
        }

        static Refusal invalidToken(String message) {
            return new Refusal(401, message, Optional.of("invalid_token"));
        }

        static Refusal forbidden(String message) {
            return new Refusal(403, message, Optional.empty());
        }
    }

    /** Who is calling, or why the credentials were refused. */
    public record Authentication(Caller caller, Refusal refusal) {
        static Authentication of(Caller caller) {
            return new Authentication(caller, null);
        }

        static Authentication refused(Refusal refusal) {
            return new Authentication(null, refusal);
        }
    }

    private static final Caller SERVICE = new Caller.Service();
    private static final Caller ANONYMOUS = new Caller.Anonymous();

    private final ApiKeys keys;
    private final Optional<UserTokens> tokens;

    public Access(ApiKeys keys, Optional<UserTokens> tokens) {
        this.keys = keys;
        this.tokens = tokens;
    }

    /** Whether any request could be refused: false when neither keys nor tokens are configured. */
    public boolean guarded() {
        return keys.required() || tokens.isPresent();
    }

    /** Whether a request may carry a user's token: only then does it matter which user a path is about. */
    public boolean acceptsUserTokens() {
        return tokens.isPresent();
    }

    /**
     * Reads the request's credentials.
     *
     * @param authorization every value of the {@code Authorization} header, in order; {@code null} when none
     */
    public Authentication authenticate(List<String> authorization, Instant now) {
        ApiKeys.Verdict verdict = keys.check(authorization);
        if (keys.required() && verdict == ApiKeys.Verdict.ACCEPTED) {
            return Authentication.of(SERVICE);
        }
        Optional<String> token = tokens.isPresent() ? ApiKeys.bearer(authorization).filter(UserTokens::looksLikeToken)
                : Optional.empty();
        if (token.isPresent()) {
            try {
                UserTokens.User user = tokens.get().verify(token.get(), now);
                return Authentication.of(new Caller.User(user.id(), user.holdsUntil()));
            } catch (UserTokens.Refused e) {
                return Authentication.refused(Refusal.invalidToken(e.getMessage() + ". Nothing was done."));
            }
        }
        return switch (verdict) {
            case ACCEPTED -> Authentication.of(ANONYMOUS); // no keys configured: only a user's endpoints need a token
            case MISSING -> Authentication.refused(Refusal.unauthorized("An API key is required: send it as"
                    + " Authorization: Bearer <key>" + (tokens.isPresent() ? " (or a user's token, for that user's events)" : "")
                    + ". Nothing was done."));
            case INVALID -> Authentication.refused(Refusal.invalidToken("The API key is not valid. Nothing was done."));
        };
    }

    /**
     * Whether the caller may use the endpoint it reached.
     *
     * @param user the user whose events the endpoint is about ({@code {user_id}} of a user's endpoint), as the path
     *             gave it; empty for every other endpoint
     */
    public Optional<Refusal> authorize(Caller caller, Optional<String> user) {
        if (caller instanceof Caller.User token) {
            if (user.isEmpty()) {
                return keys.required() ? Optional.of(Refusal.forbidden("A user's token reaches only that user's events,"
                        + " stream and read state; this needs an API key.")) : Optional.empty();
            }
            return isUser(user.get(), token.id()) ? Optional.empty()
                    : Optional.of(Refusal.forbidden("This token is for another user: it reaches only the events of "
                            + token.id() + "."));
        }
        if (caller instanceof Caller.Anonymous && user.isPresent() && tokens.isPresent()) {
            return Optional.of(Refusal.unauthorized("A token for this user is required: send it as Authorization: Bearer"
                    + " <token>" + (keys.required() ? " (or an API key)" : "") + "."));
        }
        return Optional.empty();
    }

    private static boolean isUser(String pathUser, UUID tokenUser) {
        try {
            return UUID.fromString(pathUser).equals(tokenUser) && pathUser.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
