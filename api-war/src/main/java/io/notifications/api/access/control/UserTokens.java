package io.notifications.api.access.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import io.notifications.message.EventFields;
import java.io.StringReader;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The per-user tokens: MicroProfile JWTs (compact JWS, signed with RS256 or ES256) whose {@code sub} is a user id,
 * checked as MicroProfile JWT 2.1 checks them and configured by its settings ({@code mp.jwt.verify.publickey} or
 * {@code .publickey.location}, {@code .publickey.algorithm}, {@code .issuer}, {@code .audiences},
 * {@code .clock.skew}, {@code .token.age}). ADR 0007 says why the API checks them itself rather than through Payara's
 * MP-JWT mechanism.
 *
 * <p>Only the configured algorithm is accepted, whatever the token's header says: a token cannot choose {@code none}
 * or an HMAC keyed with the public key. The signature is verified before any claim is read.
 */
public final class UserTokens {

    /** The algorithms MicroProfile JWT requires: RSASSA-PKCS1-v1_5 and ECDSA P-256, both with SHA-256. */
    public enum Algorithm {
        RS256("RSA", "SHA256withRSA"),
        // JOSE carries ECDSA's r and s side by side (RFC 7518, 3.4), which is IEEE P1363's format, not DER.
        ES256("EC", "SHA256withECDSAinP1363Format");

        private final String keyType;
        private final String signature;

        Algorithm(String keyType, String signature) {
            this.keyType = keyType;
            this.signature = signature;
        }

        /** The JCA and JWK name of the key type ({@code kty}). */
        String keyType() {
            return keyType;
        }
    }

    /**
     * What a token proved: the user it was issued for, and until when it holds (its {@code exp}, or its age limit, with
     * the clock skew allowed).
     */
    public record User(UUID id, Instant holdsUntil) {
    }

    /** Why a token was refused, in words fit for the 401's message. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The settings, as MicroProfile JWT names them; {@code audiences} empty means {@code aud} is not checked. */
    public record Settings(VerificationKeys keys, Algorithm algorithm, String issuer, Set<String> audiences,
                           Duration clockSkew, Optional<Duration> maxAge) {
        public Settings {
            Objects.requireNonNull(keys);
            Objects.requireNonNull(algorithm);
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("mp.jwt.verify.issuer is required with a public key: a token is"
                        + " only accepted from the issuer named there");
            }
            audiences = Set.copyOf(audiences);
            if (clockSkew.isNegative()) {
                throw new IllegalArgumentException("mp.jwt.verify.clock.skew must not be negative");
            }
        }

        /** With one key, for every token whatever its {@code kid}. */
        public Settings(PublicKey key, Algorithm algorithm, String issuer, Set<String> audiences, Duration clockSkew,
                        Optional<Duration> maxAge) {
            this(VerificationKeys.of(key), algorithm, issuer, audiences, clockSkew, maxAge);
        }
    }

    /** RFC 7515's compact serialization: three base64url parts. */
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private final Settings settings;

    public UserTokens(Settings settings) {
        this.settings = settings;
    }

    /** Whether {@code credentials} is shaped like a compact JWS at all: what tells a token from an API key. */
    public static boolean looksLikeToken(String credentials) {
        return COMPACT.matcher(credentials).matches();
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Verifies a token and says whose it is.
     *
     * @throws Refused when it is malformed, not signed by the configured key with the configured algorithm, from
     *                 another issuer or for other audiences, expired, not yet valid, too old, or not about a user id
     */
    public User verify(String token, Instant now) throws Refused {
        if (!looksLikeToken(token)) {
            throw new Refused("The token is not a signed JWT (three base64url parts)");
        }
        int firstDot = token.indexOf('.');
        int lastDot = token.lastIndexOf('.');
        JsonObject header = json(token.substring(0, firstDot), "header");
        if (!settings.algorithm.name().equals(header.getString("alg", null))) {
            throw new Refused("The token is not signed with " + settings.algorithm);
        }
        if (header.containsKey("crit")) {
            throw new Refused("The token names critical header parameters (crit) this API does not know");
        }
        String keyId = header.getString("kid", null);
        PublicKey key = settings.keys.keyFor(keyId).orElseThrow(() -> new Refused(keyId == null
                ? "The token names no key id (kid), and the configured keys need one"
                : "The token's key id (kid) names none of the configured keys"));
        if (!signatureVerifies(key, token.substring(0, lastDot), decode(token.substring(lastDot + 1), "signature"))) {
            throw new Refused("The token's signature does not verify with the configured key");
        }
        JsonObject claims = json(token.substring(firstDot + 1, lastDot), "claims");
        if (!settings.issuer.equals(claims.getString("iss", null))) {
            throw new Refused("The token's issuer (iss) is not the one this API accepts");
        }
        if (!settings.audiences.isEmpty() && audiences(claims).stream().noneMatch(settings.audiences::contains)) {
            throw new Refused("The token is not meant for this API (aud)");
        }
        Instant expires = time(claims, "exp").orElseThrow(() -> new Refused("The token has no expiry time (exp)"));
        if (!now.isBefore(expires.plus(settings.clockSkew))) {
            throw new Refused("The token has expired");
        }
        Optional<Instant> notBefore = time(claims, "nbf");
        if (notBefore.isPresent() && now.plus(settings.clockSkew).isBefore(notBefore.get())) {
            throw new Refused("The token is not valid yet (nbf)");
        }
        Instant issued = time(claims, "iat").orElseThrow(() -> new Refused("The token has no issue time (iat)"));
        if (settings.maxAge.isPresent() && now.isAfter(issued.plus(settings.maxAge.get()).plus(settings.clockSkew))) {
            throw new Refused("The token is older than this API accepts (mp.jwt.verify.token.age)");
        }
        String subject = claims.getString("sub", null);
        if (subject == null || !EventFields.isUuid(subject)) {
            throw new Refused("The token's subject (sub) is not a user id (a UUID)");
        }
        Instant holdsUntil = expires.plus(settings.clockSkew);
        if (settings.maxAge.isPresent() && issued.plus(settings.maxAge.get()).plus(settings.clockSkew).isBefore(holdsUntil)) {
            holdsUntil = issued.plus(settings.maxAge.get()).plus(settings.clockSkew);
        }
        return new User(UUID.fromString(subject), holdsUntil);
    }

    private boolean signatureVerifies(PublicKey key, String signingInput, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(settings.algorithm.signature);
            verifier.initVerify(key);
            verifier.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) { // a signature of the wrong length or encoding
            return false;
        }
    }

    private static JsonObject json(String part, String name) throws Refused {
        byte[] bytes = decode(part, name);
        try (JsonReader reader = Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new Refused("The token's " + name + " is not a JSON object");
        }
    }

    private static byte[] decode(String part, String name) throws Refused {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new Refused("The token's " + name + " is not base64url");
        }
    }

    /** A NumericDate (RFC 7519, 2): seconds since the epoch, possibly with a fraction. */
    private static Optional<Instant> time(JsonObject claims, String name) throws Refused {
        JsonValue value = claims.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonNumber number)) {
            throw new Refused("The token's " + name + " is not a number of seconds");
        }
        try {
            return Optional.of(Instant.ofEpochMilli(number.bigDecimalValue().movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact()));
        } catch (ArithmeticException e) {
            throw new Refused("The token's " + name + " is out of range");
        }
    }

    /** {@code aud} is a string or an array of strings (RFC 7519, 4.1.3). */
    private static List<String> audiences(JsonObject claims) {
        JsonValue aud = claims.get("aud");
        if (aud instanceof JsonString one) {
            return List.of(one.getString());
        }
        if (aud != null && aud.getValueType() == JsonValue.ValueType.ARRAY) {
            return aud.asJsonArray().stream().filter(JsonString.class::isInstance)
                    .map(value -> ((JsonString) value).getString()).toList();
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "UserTokens[" + settings.algorithm + ", issuer " + settings.issuer + "]";
    }
}
