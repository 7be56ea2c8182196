package io.notifications.api.console.control;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Makes the admin's {@code CONSOLE_PASSWORD_HASH}: a PBKDF2 hash in the format Jakarta Security's
 * {@code Pbkdf2PasswordHash} verifies, {@code PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>} (salt and hash in
 * Base64). Only the JDK is used, so that this file runs on its own, without the server:
 * {@code java api-war/src/main/java/io/notifications/api/console/control/PasswordHash.java} asks for the password
 * twice (or reads one line from standard input) and prints the hash.
 */
public final class PasswordHash {

    /** What a new hash gets: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private PasswordHash() {
    }

    /** A new PBKDF2 hash of the password with a random salt. */
    public static String pbkdf2(String password) {
        return pbkdf2(password, ITERATIONS);
    }

    static String pbkdf2(String password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return "PBKDF2WithHmacSHA256:" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
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
