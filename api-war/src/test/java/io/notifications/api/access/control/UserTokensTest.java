package io.notifications.api.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import io.notifications.api.access.TokenIssuer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The tokens are signed by Nimbus JOSE+JWT ({@link TokenIssuer}); only the verifying is the API's own. */
class UserTokensTest {

    private static final UUID ALICE = UUID.fromString("550e8400-e29b-41d4-a716-446655440000");
    private static final TokenIssuer RSA = TokenIssuer.rs256();
    private static final TokenIssuer EC = TokenIssuer.es256();

    private static UserTokens acceptingFrom(TokenIssuer issuer, UserTokens.Algorithm algorithm) {
        return new UserTokens(new UserTokens.Settings(VerificationKeys.parse(issuer.publicKeyPem(), algorithm), algorithm,
                TokenIssuer.ISSUER, Set.of(), Duration.ofSeconds(60), Optional.empty()));
    }

    private final UserTokens rs256 = acceptingFrom(RSA, UserTokens.Algorithm.RS256);

    private String refusal(UserTokens tokens, String token) {
        return assertThrows(UserTokens.Refused.class, () -> tokens.verify(token, Instant.now())).getMessage();
    }

    @Test
    void anRs256TokenFromTheIssuerNamesItsUser() throws Exception {
        assertEquals(ALICE, rs256.verify(RSA.tokenFor(ALICE), Instant.now()).id());
    }

    @Test
    void anEs256TokenFromTheIssuerNamesItsUser() throws Exception {
        assertEquals(ALICE, acceptingFrom(EC, UserTokens.Algorithm.ES256).verify(EC.tokenFor(ALICE), Instant.now()).id());
    }

    @Test
    void theKeyMayBeGivenAsBase64DerWithoutThePemArmour() throws Exception {
        String der = Base64.getEncoder().encodeToString(RSA.publicKey().getEncoded());
        UserTokens tokens = new UserTokens(new UserTokens.Settings(VerificationKeys.parse(der, UserTokens.Algorithm.RS256),
                UserTokens.Algorithm.RS256, TokenIssuer.ISSUER, Set.of(), Duration.ZERO, Optional.empty()));
        assertEquals(ALICE, tokens.verify(RSA.tokenFor(ALICE), Instant.now()).id());
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertEquals("The token's signature does not verify with the configured key",
                refusal(rs256, TokenIssuer.rs256().tokenFor(ALICE)));
    }

    @Test
    void aTokenCannotChooseItsAlgorithm() {
        assertEquals("The token is not signed with RS256", refusal(rs256, EC.tokenFor(ALICE)));
        assertEquals("The token is not signed with RS256", refusal(rs256, RSA.hs256WithThePublicKeyAsSecret(ALICE)));
        String header = b64("{\"alg\":\"none\"}");
        String claims = RSA.tokenFor(ALICE).split("\\.")[1];
        assertEquals("The token is not a signed JWT (three base64url parts)", refusal(rs256, header + "." + claims + "."));
        assertEquals("The token is not signed with RS256", refusal(rs256, header + "." + claims + ".AAAA"));
    }

    @Test
    void changingAClaimBreaksTheSignature() {
        String[] parts = RSA.tokenFor(ALICE).split("\\.");
        String otherUser = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(ALICE.toString(), UUID.randomUUID().toString());
        assertEquals("The token's signature does not verify with the configured key",
                refusal(rs256, parts[0] + "." + b64(otherUser) + "." + parts[2]));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertEquals("The token's issuer (iss) is not the one this API accepts",
                refusal(rs256, RSA.token(claims -> claims.subject(ALICE.toString()).issuer("https://elsewhere.test"))));
    }

    @Test
    void anExpiredTokenIsRefusedOnceTheClockSkewHasPassed() throws Exception {
        Instant now = Instant.now();
        String token = RSA.token(claims -> claims.subject(ALICE.toString()).expirationTime(Date.from(now)));
        assertEquals(ALICE, rs256.verify(token, now.plusSeconds(59)).id());
        assertEquals("The token has expired",
                assertThrows(UserTokens.Refused.class, () -> rs256.verify(token, now.plusSeconds(60))).getMessage());
    }

    @Test
    void aTokenWithoutExpiryOrIssueTimeIsRefused() {
        assertEquals("The token has no expiry time (exp)",
                refusal(rs256, RSA.token(claims -> claims.subject(ALICE.toString()).expirationTime(null))));
        assertEquals("The token has no issue time (iat)",
                refusal(rs256, RSA.token(claims -> claims.subject(ALICE.toString()).issueTime(null))));
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        assertEquals("The token is not valid yet (nbf)", refusal(rs256, RSA.token(claims ->
                claims.subject(ALICE.toString()).notBeforeTime(Date.from(Instant.now().plusSeconds(600))))));
    }

    @Test
    void aTokenOlderThanTheConfiguredAgeIsRefused() throws Exception {
        UserTokens tenMinutes = new UserTokens(new UserTokens.Settings(RSA.publicKey(), UserTokens.Algorithm.RS256,
                TokenIssuer.ISSUER, Set.of(), Duration.ZERO, Optional.of(Duration.ofMinutes(10))));
        Instant now = Instant.now();
        String token = RSA.token(claims -> claims.subject(ALICE.toString()).issueTime(Date.from(now)));
        assertEquals(ALICE, tenMinutes.verify(token, now.plusSeconds(599)).id());
        assertThrows(UserTokens.Refused.class, () -> tenMinutes.verify(token, now.plusSeconds(601)));
    }

    @Test
    void aTokenHoldsUntilItsExpiryOrItsAgeLimitWhicheverComesFirstWithTheClockSkew() throws Exception {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS); // JWT times are whole seconds
        String hour = RSA.token(claims -> claims.subject(ALICE.toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600))));
        assertEquals(now.plusSeconds(3600 + 60), rs256.verify(hour, now).holdsUntil());

        UserTokens tenMinutes = new UserTokens(new UserTokens.Settings(RSA.publicKey(), UserTokens.Algorithm.RS256,
                TokenIssuer.ISSUER, Set.of(), Duration.ofSeconds(60), Optional.of(Duration.ofMinutes(10))));
        assertEquals(now.plusSeconds(600 + 60), tenMinutes.verify(hour, now).holdsUntil());
    }

    @Test
    void withAudiencesConfiguredTheTokenMustBeForOneOfThem() throws Exception {
        UserTokens forInbox = new UserTokens(new UserTokens.Settings(RSA.publicKey(), UserTokens.Algorithm.RS256,
                TokenIssuer.ISSUER, Set.of("inbox", "mobile"), Duration.ZERO, Optional.empty()));
        assertEquals(ALICE, forInbox.verify(RSA.token(claims -> claims.subject(ALICE.toString())
                .audience(List.of("billing", "mobile"))), Instant.now()).id());
        assertEquals("The token is not meant for this API (aud)",
                refusal(forInbox, RSA.token(claims -> claims.subject(ALICE.toString()).audience("billing"))));
        assertEquals("The token is not meant for this API (aud)", refusal(forInbox, RSA.tokenFor(ALICE)));
    }

    @Test
    void theSubjectMustBeAUserId() {
        assertEquals("The token's subject (sub) is not a user id (a UUID)",
                refusal(rs256, RSA.token(claims -> claims.subject("alice@example.test"))));
        assertEquals("The token's subject (sub) is not a user id (a UUID)", refusal(rs256, RSA.token(claims -> claims)));
    }

    @Test
    void malformedTokensAreRefusedWithoutAnException() {
        assertEquals("The token is not a signed JWT (three base64url parts)", refusal(rs256, "a.b"));
        assertEquals("The token is not a signed JWT (three base64url parts)", refusal(rs256, "a.b.c.d"));
        assertEquals("The token's header is not a JSON object", refusal(rs256, b64("[1]") + ".e30.AAAA"));
        assertEquals("The token's header is not base64url", refusal(rs256, "A.e30.AAAA"));
        String header = RSA.tokenFor(ALICE).split("\\.")[0];
        assertEquals("The token's signature does not verify with the configured key", refusal(rs256, header + ".e30.AAAA"));
    }

    @Test
    void theNumericDatesMayHaveFractions() throws Exception {
        Instant now = Instant.now();
        String claims = "{\"iss\":\"" + TokenIssuer.ISSUER + "\",\"sub\":\"" + ALICE + "\",\"iat\":" + now.getEpochSecond()
                + ".25,\"exp\":" + (now.getEpochSecond() + 3600) + ".0005}";
        assertEquals(ALICE, rs256.verify(RSA.sign(JWTClaimsSet.parse(claims)), now).id());
    }

    @Test
    void onlyACompactJwsLooksLikeAToken() {
        assertTrue(UserTokens.looksLikeToken(RSA.tokenFor(ALICE)));
        assertFalse(UserTokens.looksLikeToken("k3y-0f-the-billing-service"));
        assertFalse(UserTokens.looksLikeToken("2nd.key_of~the/shop+service=="));
    }

    @Test
    void aKeyOfTheWrongTypeOrNoKeyFailsTheStart() {
        assertThrows(IllegalArgumentException.class, () -> VerificationKeys.parse(RSA.publicKeyPem(), UserTokens.Algorithm.ES256));
        assertThrows(IllegalArgumentException.class, () -> VerificationKeys.parse("not a key", UserTokens.Algorithm.RS256));
        assertThrows(IllegalArgumentException.class, () -> new UserTokens.Settings(RSA.publicKey(),
                UserTokens.Algorithm.RS256, " ", Set.of(), Duration.ZERO, Optional.empty()));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
