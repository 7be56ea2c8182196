package io.notifications.api.console.control;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's one admin: a user name and how to check a password, from {@code CONSOLE_USER} and either
 * {@code CONSOLE_PASSWORD_HASH} or a plain {@code CONSOLE_PASSWORD}. The hash is a PBKDF2 hash in the format Jakarta
 * Security's {@link Pbkdf2PasswordHash} writes and verifies, {@code PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>}
 * ({@link PasswordHash} makes one), or {@code sha256:} and the hex SHA-256 digest of the password, as the API keys
 * take it. There is no default: without a user and a password the console is disabled.
 */
public final class AdminCredentials {

    static final String PBKDF2_PREFIX = "PBKDF2WithHmacSHA256:";
    static final String SHA256_PREFIX = "sha256:";
    /** Fewer than this is refused: it would be a weak hash, or a setting typed wrong. */
    static final int MIN_ITERATIONS = 1_000;
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private final String user;
    private final byte[] userDigest;
    // Exactly one of the two: the PBKDF2 hash the platform verifies, or the digest of a sha256: or plain password.
    private final String pbkdf2Hash;
    private final byte[] passwordDigest;
    private final String kept;

    private AdminCredentials(String user, String pbkdf2Hash, byte[] passwordDigest, String kept) {
        this.user = user;
        this.userDigest = sha256(user);
        this.pbkdf2Hash = pbkdf2Hash;
        this.passwordDigest = passwordDigest;
        this.kept = kept;
    }

    /**
     * The admin the settings name, or empty when none is configured at all.
     *
     * @throws IllegalArgumentException when the settings are incomplete, contradict each other or cannot be read; the
     *                                  message names the settings, never their values
     */
    public static Optional<AdminCredentials> configure(Optional<String> user, Optional<String> passwordHash,
                                                       Optional<String> plainPassword) {
        Optional<String> name = user.map(String::strip).filter(text -> !text.isEmpty());
        Optional<String> hash = passwordHash.map(String::strip).filter(text -> !text.isEmpty());
        Optional<String> plain = plainPassword.filter(text -> !text.isEmpty());
        if (name.isEmpty() && hash.isEmpty() && plain.isEmpty()) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a password is configured but no console.user (CONSOLE_USER)");
        }
        if (hash.isPresent() && plain.isPresent()) {
            throw new IllegalArgumentException("both console.password-hash (CONSOLE_PASSWORD_HASH) and console.password "
                    + "(CONSOLE_PASSWORD) are configured: keep one");
        }
        if (hash.isEmpty() && plain.isEmpty()) {
            throw new IllegalArgumentException("console.user (CONSOLE_USER) is configured but neither console.password-hash "
                    + "(CONSOLE_PASSWORD_HASH) nor console.password (CONSOLE_PASSWORD)");
        }
        if (plain.isPresent()) {
            return Optional.of(new AdminCredentials(name.get(), null, sha256(plain.get()), "in plain text (console.password)"));
        }
        String setting = hash.get();
        try {
            if (setting.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
                return Optional.of(new AdminCredentials(name.get(), null, sha256Digest(setting.substring(SHA256_PREFIX.length())),
                        "as a SHA-256 digest"));
            }
            int iterations = checkPbkdf2(setting);
            return Optional.of(new AdminCredentials(name.get(), setting, null, "as PBKDF2WithHmacSHA256, " + iterations + " iterations"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("console.password-hash (CONSOLE_PASSWORD_HASH) " + e.getMessage(), e);
        }
    }

    public String user() {
        return user;
    }

    /**
     * Whether these are the admin's user name and password. Both are always checked, each in constant time, so that
     * the answer's timing says neither which one was wrong nor how much of either was right.
     *
     * @param pbkdf2 the platform's PBKDF2, which verifies a hashed password
     */
    public boolean accept(String givenUser, String givenPassword, Pbkdf2PasswordHash pbkdf2) {
        if (givenUser == null || givenPassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(userDigest, sha256(givenUser));
        boolean passwordMatches = pbkdf2Hash != null
                ? pbkdf2.verify(givenPassword.toCharArray(), pbkdf2Hash)
                : MessageDigest.isEqual(passwordDigest, sha256(givenPassword));
        return userMatches & passwordMatches;
    }

    /** How the password is kept, for the start-up log; never the password or its hash. */
    public String describe() {
        return "admin '" + user + "', password " + kept;
    }

    @Override
    public String toString() {
        return "AdminCredentials[" + user + ", password hidden]";
    }

    /**
     * The iterations of a PBKDF2 hash in the format {@link Pbkdf2PasswordHash} verifies.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the setting
     */
    static int checkPbkdf2(String setting) {
        if (!setting.startsWith(PBKDF2_PREFIX)) {
            throw new IllegalArgumentException("must start with " + PBKDF2_PREFIX + " or " + SHA256_PREFIX);
        }
        String[] parts = setting.substring(PBKDF2_PREFIX.length()).split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("must be " + PBKDF2_PREFIX + "<iterations>:<salt>:<hash>");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has iterations that are not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("has fewer than " + MIN_ITERATIONS + " iterations");
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            hash = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a salt or hash that is not Base64");
        }
        if (salt.length < 8 || hash.length < 16) {
            throw new IllegalArgumentException("has a salt under 8 bytes or a hash under 16 bytes");
        }
        return iterations;
    }

    private static byte[] sha256Digest(String hex) {
        if (!HEX_DIGEST.matcher(hex).matches()) {
            throw new IllegalArgumentException("starts with sha256: but is not followed by 64 hexadecimal digits");
        }
        return HexFormat.of().parseHex(hex.toLowerCase());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
