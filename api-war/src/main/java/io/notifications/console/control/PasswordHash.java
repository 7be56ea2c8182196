package io.notifications.console.control;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The admin's password as the server keeps it ({@code ADMIN_PASSWORD_HASH}): a PBKDF2 hash in the format Jakarta
 * Security's {@code Pbkdf2PasswordHash} writes, {@code PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>} (salt and
 * hash in Base64), or {@code sha256:} and the hex SHA-256 digest of the password, as the API keys take it. PBKDF2 is
 * the one to use: a SHA-256 digest of a password is quick to attack if it leaks.
 *
 * <p>Only the JDK is used, so that this file also runs on its own to make a hash:
 * {@code java api-war/src/main/java/io/notifications/console/control/PasswordHash.java} asks for the password twice
 * (or reads one line from standard input) and prints the PBKDF2 hash.
 */
public final class PasswordHash {

    static final String PBKDF2_PREFIX = "PBKDF2WithHmacSHA256:";
    static final String SHA256_PREFIX = "sha256:";
    /** What a new hash gets: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    /** Fewer than this is refused: it would be a weak hash, or a setting typed wrong. */
    static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private final String algorithm;
    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
        this.algorithm = algorithm;
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Reads a setting.
     *
     * @throws IllegalArgumentException saying what is wrong, without repeating the setting
     */
    public static PasswordHash parse(String setting) {
        String text = setting.strip();
        if (text.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
            String hex = text.substring(SHA256_PREFIX.length());
            if (!HEX_DIGEST.matcher(hex).matches()) {
                throw new IllegalArgumentException("starts with sha256: but is not followed by 64 hexadecimal digits");
            }
            return new PasswordHash("sha256", 0, new byte[0], HexFormat.of().parseHex(hex.toLowerCase()));
        }
        if (text.startsWith(PBKDF2_PREFIX)) {
            String[] parts = text.substring(PBKDF2_PREFIX.length()).split(":", -1);
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
            try {
                byte[] salt = Base64.getDecoder().decode(parts[1]);
                byte[] hash = Base64.getDecoder().decode(parts[2]);
                if (salt.length < 8 || hash.length < 16) {
                    throw new IllegalArgumentException("has a salt under 8 bytes or a hash under 16 bytes");
                }
                return new PasswordHash("PBKDF2WithHmacSHA256", iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("has ")) {
                    throw e;
                }
                throw new IllegalArgumentException("has a salt or hash that is not Base64");
            }
        }
        throw new IllegalArgumentException("must start with " + PBKDF2_PREFIX + " or " + SHA256_PREFIX);
    }

    /** Whether the password has this hash; compared in constant time. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(hash, hashOf(password));
    }

    private byte[] hashOf(String password) {
        if (iterations == 0) {
            return sha256(password);
        }
        return pbkdf2(password, salt, iterations, hash.length);
    }

    /** A new PBKDF2 hash of the password with a random salt, as {@code ADMIN_PASSWORD_HASH} takes it. */
    public static String pbkdf2(String password) {
        return pbkdf2(password, ITERATIONS);
    }

    static String pbkdf2(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder base64 = Base64.getEncoder();
        return PBKDF2_PREFIX + iterations + ":" + base64.encodeToString(salt) + ":"
                + base64.encodeToString(pbkdf2(password, salt, iterations, HASH_BYTES));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + (iterations > 0 ? ", " + iterations + " iterations" : "") + "]";
    }

    /** Prints the PBKDF2 hash of a password typed twice, or of the first line of standard input. */
    public static void main(String[] args) throws IOException {
        Console console = System.console();
        String password;
        if (console != null) {
            char[] first = console.readPassword("Admin password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !new String(first).equals(new String(second))) {
                System.err.println("The two passwords differ");
                System.exit(1);
                return;
            }
            password = new String(first);
        } else {
            byte[] line = System.in.readAllBytes();
            password = new String(line, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        }
        if (password.isEmpty()) {
            System.err.println("An empty password is not a password");
            System.exit(1);
            return;
        }
        System.out.println(pbkdf2(password));
    }
}
