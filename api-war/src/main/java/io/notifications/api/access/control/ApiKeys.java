package io.notifications.api.access.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

/**
 * The API keys publishers must present as {@code Authorization: Bearer <key>}, from the setting {@code api.keys}: a
 * comma-separated list whose entries are either a key itself or {@code sha256:<hex>}, the SHA-256 digest of a key's
 * UTF-8 bytes, so that operators need not keep the key itself in the environment.
 *
 * <p>Only digests are kept. A presented key is hashed and compared with every configured digest by
 * {@link MessageDigest#isEqual}, with no early exit, so the time a check takes says nothing about how much of a key
 * was right, nor which key matched. No key is ever part of a message or of {@link #toString()}.
 */
public final class ApiKeys {

    /** Prefix of an entry that holds a key's SHA-256 digest, in hexadecimal, instead of the key. */
    public static final String SHA256_PREFIX = "sha256:";

    /** Whether a request passes: no keys are configured or it presented one of them, or why it does not. */
    public enum Verdict {
        ACCEPTED,
        /** No bearer credentials at all: no {@code Authorization} header, or one of another scheme. */
        MISSING,
        /** Bearer credentials that are malformed, given more than once, or not one of the keys. */
        INVALID
    }

    /** RFC 6750's b64token: what a bearer token may consist of. A configured key must be one. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String BEARER = "Bearer";

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    /** No keys: the API is open. */
    public static ApiKeys none() {
        return new ApiKeys(List.of());
    }

    /**
     * Reads the setting. {@code null} (not set) means no keys; blank entries between commas are skipped.
     *
     * @throws IllegalArgumentException when the setting is given but holds no key, or an entry is neither a usable
     *                                  bearer token nor {@code sha256:} with 64 hexadecimal digits; the message names
     *                                  the entry by its position, never by its text
     */
    public static ApiKeys parse(String setting) {
        if (setting == null) {
            return none();
        }
        List<byte[]> digests = new ArrayList<>();
        String[] entries = setting.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.startsWith(SHA256_PREFIX)) {
                String hex = entry.substring(SHA256_PREFIX.length());
                if (!HEX_DIGEST.matcher(hex).matches()) {
                    throw new IllegalArgumentException("api.keys entry " + (i + 1) + " starts with " + SHA256_PREFIX
                            + " but is not followed by a SHA-256 digest of 64 hexadecimal digits");
                }
                digests.add(HexFormat.of().parseHex(hex));
            } else if (B64TOKEN.matcher(entry).matches()) {
                digests.add(sha256(entry));
            } else {
                throw new IllegalArgumentException("api.keys entry " + (i + 1) + " cannot be sent as a bearer token: a key may"
                        + " hold only letters, digits and - . _ ~ + / (and = at its end)");
            }
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException("api.keys is set but holds no key; leave it unset to run the API without keys");
        }
        return new ApiKeys(digests);
    }

    /** Whether requests must present a key. */
    public boolean required() {
        return !digests.isEmpty();
    }

    public int count() {
        return digests.size();
    }

    /**
     * Judges a request by its {@code Authorization} headers.
     *
     * @param authorization every value of the header, in order; {@code null} or empty when there is none
     */
    public Verdict check(List<String> authorization) {
        if (!required()) {
            return Verdict.ACCEPTED;
        }
        List<String> bearer = authorization == null ? List.of()
                : authorization.stream().filter(ApiKeys::isBearer).toList();
        if (bearer.isEmpty()) {
            return Verdict.MISSING;
        }
        if (bearer.size() > 1) {
            return Verdict.INVALID;
        }
        String token = bearer.get(0).substring(BEARER.length()).strip();
        if (!B64TOKEN.matcher(token).matches()) {
            return Verdict.INVALID;
        }
        return matches(digests, sha256(token), MessageDigest::isEqual) ? Verdict.ACCEPTED : Verdict.INVALID;
    }

    /**
     * Whether {@code presented} equals one of {@code digests}, comparing it with every one of them whatever the
     * outcome of the comparisons before.
     */
    static boolean matches(List<byte[]> digests, byte[] presented, BiPredicate<byte[], byte[]> equal) {
        boolean matched = false;
        for (byte[] digest : digests) {
            matched |= equal.test(digest, presented); // not ||: every digest is compared
        }
        return matched;
    }

    /** The token of the request's one bearer credential; empty when there is none, or more than one. */
    public static Optional<String> bearer(List<String> authorization) {
        List<String> bearer = authorization == null ? List.of()
                : authorization.stream().filter(ApiKeys::isBearer).toList();
        return bearer.size() == 1 ? Optional.of(bearer.get(0).substring(BEARER.length()).strip()) : Optional.empty();
    }

    /** The scheme is case-insensitive (RFC 9110, 11.1) and separated from the token by spaces. */
    private static boolean isBearer(String credentials) {
        return credentials.length() >= BEARER.length()
                && credentials.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && (credentials.length() == BEARER.length() || credentials.charAt(BEARER.length()) == ' ');
    }

    /** The SHA-256 digest of a key's UTF-8 bytes: what a {@code sha256:} entry holds. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    List<byte[]> digests() {
        return digests;
    }

    @Override
    public String toString() {
        return "ApiKeys[" + digests.size() + "]";
    }
}
