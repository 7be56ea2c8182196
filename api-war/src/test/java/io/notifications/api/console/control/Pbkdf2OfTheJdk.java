package io.notifications.api.console.control;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Stands in for the server's {@code Pbkdf2PasswordHash} in unit tests: verifies a hash in its format,
 * {@code PBKDF2WithHmacSHA256:<iterations>:<salt>:<hash>}, with the JDK. The server's own is used in the
 * console's integration tests.
 */
final class Pbkdf2OfTheJdk implements Pbkdf2PasswordHash {

    @Override
    public String generate(char[] password) {
        throw new UnsupportedOperationException("hashes are made by PasswordHash");
    }

    @Override
    public boolean verify(char[] password, String hashedPassword) {
        String[] parts = hashedPassword.split(":");
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] hash = Base64.getDecoder().decode(parts[3]);
        PBEKeySpec spec = new PBEKeySpec(password, salt, Integer.parseInt(parts[1]), hash.length * 8);
        try {
            return MessageDigest.isEqual(hash, SecretKeyFactory.getInstance(parts[0]).generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
