package io.notifications.api.access.control;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The issuer's public keys, as {@code mp.jwt.verify.publickey} (or the file of {@code .publickey.location}) gives
 * them, in the forms MicroProfile JWT names: one key in PEM or base64 DER, one JWK, or a JWK Set (RFC 7517), the JSON
 * as it is or base64url-encoded. A set lets the issuer rotate its signing key: configure the old key and the new one
 * side by side, each with its {@code kid}, and a token verifies with the key its header names.
 */
public final class VerificationKeys {

    private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) PUBLIC KEY-----|\\s");

    private final Map<String, PublicKey> byKeyId;
    private final List<PublicKey> withoutKeyId;

    private VerificationKeys(Map<String, PublicKey> byKeyId, List<PublicKey> withoutKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
        this.withoutKeyId = List.copyOf(withoutKeyId);
    }

    /** One key, for every token whatever its {@code kid}. */
    public static VerificationKeys of(PublicKey key) {
        return new VerificationKeys(Map.of(), List.of(key));
    }

    /**
     * Reads the keys for {@code algorithm}. A set's keys of another type, or marked for another use or algorithm, are
     * left out.
     *
     * @throws IllegalArgumentException when the text holds no key for the algorithm: the deployment stops
     */
    public static VerificationKeys parse(String text, UserTokens.Algorithm algorithm) {
        String stripped = text.strip();
        Optional<JsonObject> json = json(stripped)
                .or(() -> base64Url(stripped).flatMap(bytes -> json(new String(bytes, StandardCharsets.UTF_8))));
        if (json.isEmpty()) {
            return of(pem(stripped, algorithm));
        }
        List<JsonObject> jwks = new ArrayList<>();
        JsonValue keys = json.get().get("keys");
        if (keys != null && keys.getValueType() == JsonValue.ValueType.ARRAY) {
            keys.asJsonArray().stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).forEach(jwks::add);
        } else {
            jwks.add(json.get());
        }
        Map<String, PublicKey> byKeyId = new HashMap<>();
        List<PublicKey> withoutKeyId = new ArrayList<>();
        for (JsonObject jwk : jwks) {
            if (!algorithm.keyType().equals(jwk.getString("kty", null)) || !allows(jwk, "use", "sig")
                    || !allows(jwk, "alg", algorithm.name())) {
                continue;
            }
            PublicKey key = jwk(jwk, algorithm);
            String keyId = jwk.getString("kid", null);
            if (keyId == null) {
                withoutKeyId.add(key);
            } else if (byKeyId.put(keyId, key) != null) {
                throw new IllegalArgumentException("The JWT public keys name the key id (kid) " + keyId + " twice");
            }
        }
        if (byKeyId.isEmpty() && withoutKeyId.isEmpty()) {
            throw new IllegalArgumentException("The JWT public key JSON holds no " + algorithm.keyType()
                    + " signing key (JWK or JWK Set), as " + algorithm + " needs");
        }
        return new VerificationKeys(byKeyId, withoutKeyId);
    }

    /**
     * The key to verify a token with: the one its {@code kid} names; without a {@code kid}, or with one no key has, the
     * key configured without a {@code kid}, when there is exactly one (a single PEM key verifies every token).
     */
    Optional<PublicKey> keyFor(String keyId) {
        if (keyId != null && byKeyId.containsKey(keyId)) {
            return Optional.of(byKeyId.get(keyId));
        }
        return withoutKeyId.size() == 1 ? Optional.of(withoutKeyId.get(0)) : Optional.empty();
    }

    private static PublicKey pem(String text, UserTokens.Algorithm algorithm) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(PEM_ARMOUR.matcher(text).replaceAll(""));
            return KeyFactory.getInstance(algorithm.keyType()).generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("The JWT public key is not a " + algorithm.keyType() + " public key in PEM"
                    + " (-----BEGIN PUBLIC KEY-----), base64 DER, a JWK or a JWK Set, as " + algorithm + " needs", e);
        }
    }

    /** An RSA key (n, e) or an EC key on P-256 (x, y), RFC 7518 section 6. */
    private static PublicKey jwk(JsonObject jwk, UserTokens.Algorithm algorithm) {
        try {
            KeySpec spec;
            if (algorithm == UserTokens.Algorithm.RS256) {
                spec = new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e"));
            } else {
                if (!"P-256".equals(jwk.getString("crv", null))) {
                    throw new IllegalArgumentException("An EC JWK for ES256 must be on the curve P-256");
                }
                AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
                curve.init(new ECGenParameterSpec("secp256r1"));
                spec = new ECPublicKeySpec(new ECPoint(number(jwk, "x"), number(jwk, "y")),
                        curve.getParameterSpec(ECParameterSpec.class));
            }
            return KeyFactory.getInstance(algorithm.keyType()).generatePublic(spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The JWK " + jwk.getString("kid", "without kid")
                    + " is not a valid " + algorithm.keyType() + " public key", e);
        }
    }

    private static BigInteger number(JsonObject jwk, String member) {
        return base64Url(jwk.getString(member, ""))
                .map(bytes -> new BigInteger(1, bytes))
                .filter(value -> value.signum() > 0)
                .orElseThrow(() -> new IllegalArgumentException("A JWK's " + member + " is missing or not base64url"));
    }

    private static boolean allows(JsonObject jwk, String member, String wanted) {
        String value = jwk.getString(member, null);
        return value == null || value.equals(wanted);
    }

    private static Optional<JsonObject> json(String text) {
        if (!text.startsWith("{")) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            throw new IllegalArgumentException("The JWT public key looks like JSON but is not a JSON object", e);
        }
    }

    /** The bytes of a base64url text, or empty when it is not base64url. */
    private static Optional<byte[]> base64Url(String text) {
        try {
            return Optional.of(Base64.getUrlDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "VerificationKeys[" + byKeyId.keySet() + (withoutKeyId.isEmpty() ? "" : " and " + withoutKeyId.size()
                + " without kid") + "]";
    }
}
