package io.notifications.api.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.access.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AccessTest {

    private static final String KEY = "k3y-0f-the-billing-service";
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();
    private static final TokenIssuer ISSUER = TokenIssuer.rs256();
    private static final Optional<UserTokens> TOKENS = Optional.of(new UserTokens(new UserTokens.Settings(
            ISSUER.publicKey(), UserTokens.Algorithm.RS256, TokenIssuer.ISSUER, Set.of(), Duration.ofSeconds(60), Optional.empty())));

    private static final Access OPEN = new Access(ApiKeys.none(), Optional.empty());
    private static final Access KEYS_ONLY = new Access(ApiKeys.parse(KEY), Optional.empty());
    private static final Access KEYS_AND_TOKENS = new Access(ApiKeys.parse(KEY), TOKENS);
    private static final Access TOKENS_ONLY = new Access(ApiKeys.none(), TOKENS);

    private static final Optional<String> SERVICE_ENDPOINT = Optional.empty();

    private static Access.Authentication presenting(Access access, String credentials) {
        return access.authenticate(credentials == null ? null : List.of("Bearer " + credentials), Instant.now());
    }

    private static Optional<Integer> statusOf(Access access, String credentials, Optional<String> user) {
        Access.Authentication authentication = presenting(access, credentials);
        if (authentication.refusal() != null) {
            return Optional.of(authentication.refusal().status());
        }
        return access.authorize(authentication.caller(), user).map(Access.Refusal::status);
    }

    private static Optional<String> eventsOf(UUID user) {
        return Optional.of(user.toString());
    }

    @Test
    void withNeitherKeysNorTokensEverythingIsOpen() {
        assertFalse(OPEN.guarded());
        assertEquals(Optional.empty(), statusOf(OPEN, null, eventsOf(ALICE)));
        assertEquals(Optional.empty(), statusOf(OPEN, null, SERVICE_ENDPOINT));
    }

    @Test
    void anApiKeyReachesEverything() {
        assertInstanceOf(Caller.Service.class, presenting(KEYS_AND_TOKENS, KEY).caller());
        assertEquals(Optional.empty(), statusOf(KEYS_AND_TOKENS, KEY, eventsOf(ALICE)));
        assertEquals(Optional.empty(), statusOf(KEYS_AND_TOKENS, KEY, SERVICE_ENDPOINT));
    }

    @Test
    void aUsersTokenReachesThatUsersEventsOnly() {
        String alices = ISSUER.tokenFor(ALICE);
        assertEquals(ALICE, assertInstanceOf(Caller.User.class, presenting(KEYS_AND_TOKENS, alices).caller()).id());
        assertEquals(Optional.empty(), statusOf(KEYS_AND_TOKENS, alices, eventsOf(ALICE)));
        assertEquals(Optional.of(403), statusOf(KEYS_AND_TOKENS, alices, eventsOf(BOB)));
        assertEquals(Optional.of(403), statusOf(KEYS_AND_TOKENS, alices, SERVICE_ENDPOINT));
    }

    @Test
    void thePathsUserIdMustBeTheTokensExactly() {
        String alices = ISSUER.tokenFor(ALICE);
        assertEquals(Optional.empty(), statusOf(TOKENS_ONLY, alices, Optional.of(ALICE.toString().toUpperCase())
                .map(String::toLowerCase)));
        assertEquals(Optional.of(403), statusOf(TOKENS_ONLY, alices, Optional.of(ALICE + ";x=1")));
        assertEquals(Optional.of(403), statusOf(TOKENS_ONLY, alices, Optional.of("not-a-uuid")));
        // UUID.fromString reads "1-1-1-1-1" as 00000001-0001-0001-0001-000000000001: only the canonical spelling counts
        UUID short1 = UUID.fromString("1-1-1-1-1");
        assertEquals(Optional.of(403), statusOf(TOKENS_ONLY, ISSUER.tokenFor(short1), Optional.of("1-1-1-1-1")));
    }

    @Test
    void withTokensAUsersEndpointsNeedAToken() {
        assertEquals(Optional.of(401), statusOf(TOKENS_ONLY, null, eventsOf(ALICE)));
        assertEquals(Optional.of(401), statusOf(KEYS_AND_TOKENS, null, eventsOf(ALICE)));
    }

    @Test
    void withoutKeysTheServiceEndpointsStayOpenToAnyone() {
        assertEquals(Optional.empty(), statusOf(TOKENS_ONLY, null, SERVICE_ENDPOINT));
        assertEquals(Optional.empty(), statusOf(TOKENS_ONLY, ISSUER.tokenFor(ALICE), SERVICE_ENDPOINT));
        assertEquals(Optional.empty(), statusOf(TOKENS_ONLY, "some-key-the-server-does-not-know", SERVICE_ENDPOINT));
    }

    @Test
    void aTokenThatDoesNotVerifyIs401InvalidTokenEvenWhereNoneIsNeeded() {
        Access.Refusal refusal = presenting(TOKENS_ONLY, TokenIssuer.rs256().tokenFor(ALICE)).refusal();
        assertEquals(401, refusal.status());
        assertEquals(Optional.of("invalid_token"), refusal.error());
        assertTrue(refusal.message().startsWith("The token's signature does not verify"), refusal.message());
    }

    @Test
    void withKeysOnlyATokenIsJustAWrongKey() {
        Access.Refusal refusal = presenting(KEYS_ONLY, ISSUER.tokenFor(ALICE)).refusal();
        assertEquals(401, refusal.status());
        assertEquals("The API key is not valid. Nothing was done.", refusal.message());
        assertFalse(KEYS_ONLY.acceptsUserTokens());
    }

    @Test
    void withoutCredentialsTheKeysMessageMentionsTokensWhereTheyAreAccepted() {
        assertTrue(presenting(KEYS_AND_TOKENS, null).refusal().message().contains("or a user's token"));
        assertNull(presenting(KEYS_ONLY, null).refusal().error().orElse(null));
    }
}
