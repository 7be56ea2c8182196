package io.notifications.api.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.notifications.api.access.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The issuer's keys in each form MicroProfile JWT names, and rotation by {@code kid}; the JWKs are Nimbus's. */
class VerificationKeysTest {

    private static final UUID ALICE = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final TokenIssuer OLD_KEY = TokenIssuer.rs256();
    private static final TokenIssuer NEW_KEY = TokenIssuer.rs256();

    private static UserTokens accepting(String keys, UserTokens.Algorithm algorithm) {
        return new UserTokens(new UserTokens.Settings(VerificationKeys.parse(keys, algorithm), algorithm,
                TokenIssuer.ISSUER, Set.of(), Duration.ZERO, Optional.empty()));
    }

    private static String refusal(UserTokens tokens, String token) {
        return assertThrows(UserTokens.Refused.class, () -> tokens.verify(token, Instant.now())).getMessage();
    }

    private static String set(String... jwks) {
        return "{\"keys\": [" + String.join(", ", jwks) + "]}";
    }

    @Test
    void duringARotationTokensSignedWithTheOldKeyOrTheNewOneVerifyByTheirKid() throws Exception {
        UserTokens both = accepting(set(OLD_KEY.jwk("2026-11"), NEW_KEY.jwk("2026-12")), UserTokens.Algorithm.RS256);

        assertEquals(ALICE, both.verify(OLD_KEY.tokenFor(ALICE, "2026-11"), Instant.now()).id());
        assertEquals(ALICE, both.verify(NEW_KEY.tokenFor(ALICE, "2026-12"), Instant.now()).id());
        assertEquals("The token's signature does not verify with the configured key",
                refusal(both, OLD_KEY.tokenFor(ALICE, "2026-12")), "a kid does not lend its key to another signer");
        assertEquals("The token's key id (kid) names none of the configured keys",
                refusal(both, NEW_KEY.tokenFor(ALICE, "2027-01")));
        assertEquals("The token names no key id (kid), and the configured keys need one",
                refusal(both, NEW_KEY.tokenFor(ALICE)));
    }

    @Test
    void aKeyWithoutKidBesideOnesWithVerifiesTheTokensThatNameNoneOfThem() throws Exception {
        UserTokens keys = accepting(set(OLD_KEY.jwk(null), NEW_KEY.jwk("next")), UserTokens.Algorithm.RS256);

        assertEquals(ALICE, keys.verify(OLD_KEY.tokenFor(ALICE), Instant.now()).id());
        assertEquals(ALICE, keys.verify(OLD_KEY.tokenFor(ALICE, "old"), Instant.now()).id());
        assertEquals(ALICE, keys.verify(NEW_KEY.tokenFor(ALICE, "next"), Instant.now()).id());
        assertEquals("The token's signature does not verify with the configured key", refusal(keys, NEW_KEY.tokenFor(ALICE)));
    }

    @Test
    void oneKeyWithoutKidVerifiesTokensWithOrWithoutOne() throws Exception {
        for (String key : new String[] {NEW_KEY.publicKeyPem(), NEW_KEY.jwk(null), set(NEW_KEY.jwk(null))}) {
            UserTokens one = accepting(key, UserTokens.Algorithm.RS256);
            assertEquals(ALICE, one.verify(NEW_KEY.tokenFor(ALICE), Instant.now()).id(), key);
            assertEquals(ALICE, one.verify(NEW_KEY.tokenFor(ALICE, "any"), Instant.now()).id(), key);
        }
    }

    @Test
    void anEcJwkVerifiesEs256() throws Exception {
        TokenIssuer ec = TokenIssuer.es256();
        UserTokens tokens = accepting(set(ec.jwk("ec-1")), UserTokens.Algorithm.ES256);
        assertEquals(ALICE, tokens.verify(ec.tokenFor(ALICE, "ec-1"), Instant.now()).id());
    }

    @Test
    void theJsonMayComeBase64UrlEncoded() throws Exception {
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(set(NEW_KEY.jwk("k")).getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, accepting(encoded, UserTokens.Algorithm.RS256).verify(NEW_KEY.tokenFor(ALICE, "k"), Instant.now()).id());
    }

    @Test
    void base64UrlJsonIsReadAsUtf8() throws Exception {
        String encoded = Base64.getUrlEncoder().encodeToString(set(NEW_KEY.jwk("schlüssel")).getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, accepting(encoded, UserTokens.Algorithm.RS256).verify(NEW_KEY.tokenFor(ALICE, "schlüssel"), Instant.now()).id());
    }

    @Test
    void keysOfAnotherTypeUseOrAlgorithmAreLeftOut() {
        String rsaForEncryption = NEW_KEY.jwk("enc").replaceFirst("\\{", "{\"use\":\"enc\",");
        UserTokens tokens = accepting(set(TokenIssuer.es256().jwk("ec"), rsaForEncryption, OLD_KEY.jwk("sig")),
                UserTokens.Algorithm.RS256);
        assertEquals("The token's key id (kid) names none of the configured keys", refusal(tokens, NEW_KEY.tokenFor(ALICE, "enc")));
    }

    @Test
    void aSetWithoutAUsableKeyOrWithAKidTwiceStopsTheStart() {
        assertThrows(IllegalArgumentException.class,
                () -> VerificationKeys.parse(set(TokenIssuer.es256().jwk("ec")), UserTokens.Algorithm.RS256));
        assertThrows(IllegalArgumentException.class,
                () -> VerificationKeys.parse(set(OLD_KEY.jwk("k"), NEW_KEY.jwk("k")), UserTokens.Algorithm.RS256));
        assertThrows(IllegalArgumentException.class, () -> VerificationKeys.parse("{\"keys\": [", UserTokens.Algorithm.RS256));
        assertThrows(IllegalArgumentException.class,
                () -> VerificationKeys.parse("{\"kty\":\"RSA\",\"n\":\"\",\"e\":\"AQAB\"}", UserTokens.Algorithm.RS256));
    }
}
