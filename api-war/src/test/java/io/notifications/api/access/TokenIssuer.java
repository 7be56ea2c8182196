package io.notifications.api.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * An identity provider for tests: a key pair of its own, and tokens signed with it by Nimbus JOSE+JWT, an
 * implementation of JWS other than the API's verifier. Its tokens are what a real issuer would send: {@code iss},
 * {@code sub}, {@code iat}, {@code exp}, and the header {@code typ: JWT}.
 */
public final class TokenIssuer {

    public static final String ISSUER = "https://login.example.test";

    private final KeyPair keys;
    private final JWSAlgorithm algorithm;

    private TokenIssuer(KeyPair keys, JWSAlgorithm algorithm) {
        this.keys = keys;
        this.algorithm = algorithm;
    }

    public static TokenIssuer rs256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TokenIssuer(generator.generateKeyPair(), JWSAlgorithm.RS256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TokenIssuer es256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new TokenIssuer(generator.generateKeyPair(), JWSAlgorithm.ES256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as {@code mp.jwt.verify.publickey} takes it. */
    public String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    public java.security.PublicKey publicKey() {
        return keys.getPublic();
    }

    /** A token for the user, valid for an hour from now. */
    public String tokenFor(UUID user) {
        return token(claims -> claims.subject(user.toString()));
    }

    /** A token with the usual claims (issued now, valid an hour), changed by {@code claims}. */
    public String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
        Instant now = Instant.now();
        return sign(claims.apply(new JWTClaimsSet.Builder().issuer(ISSUER).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))).build());
    }

    /** A token for the user whose header names the signing key's id. */
    public String tokenFor(UUID user, String keyId) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder().issuer(ISSUER).subject(user.toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).build(), keyId);
    }

    /** The public key as a JWK (RFC 7517) with that key id, or none when {@code keyId} is null. */
    public String jwk(String keyId) {
        com.nimbusds.jose.jwk.JWK jwk = algorithm == JWSAlgorithm.RS256
                ? new com.nimbusds.jose.jwk.RSAKey.Builder((java.security.interfaces.RSAPublicKey) keys.getPublic()).keyID(keyId).build()
                : new com.nimbusds.jose.jwk.ECKey.Builder(com.nimbusds.jose.jwk.Curve.P_256,
                        (java.security.interfaces.ECPublicKey) keys.getPublic()).keyID(keyId).build();
        return jwk.toJSONString();
    }

    public String sign(JWTClaimsSet claims) {
        return sign(claims, null);
    }

    private String sign(JWTClaimsSet claims, String keyId) {
        try {
            JWSSigner signer = algorithm == JWSAlgorithm.RS256 ? new RSASSASigner(keys.getPrivate())
                    : new ECDSASigner((ECPrivateKey) keys.getPrivate());
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(com.nimbusds.jose.JOSEObjectType.JWT).keyID(keyId).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The classic confusion: a token signed with HS256, keyed with the public key's bytes, which a verifier that lets
     * the token choose its algorithm would accept.
     */
    public String hs256WithThePublicKeyAsSecret(UUID user) {
        try {
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder().issuer(ISSUER)
                    .subject(user.toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).build());
            jwt.sign(new MACSigner(publicKeyPem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
