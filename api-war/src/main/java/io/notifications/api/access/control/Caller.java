package io.notifications.api.access.control;

import java.security.Principal;
import java.time.Instant;
import java.util.UUID;

/** Who sent a request to the API, as its credentials show. */
public sealed interface Caller extends Principal {

    /** A service that presented one of the API keys: it may do everything under {@code /api}. */
    record Service() implements Caller {
        @Override
        public String getName() {
            return "service";
        }
    }

    /**
     * A person's browser with a token for one user: it may reach that user's events only, until the token no longer
     * holds (a stream it opened ends then).
     */
    record User(UUID id, Instant tokenHoldsUntil) implements Caller {
        @Override
        public String getName() {
            return id.toString();
        }
    }

    /** No credentials, where none are needed (no API keys configured). */
    record Anonymous() implements Caller {
        @Override
        public String getName() {
            return "anonymous";
        }
    }
}
