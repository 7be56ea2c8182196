package io.notifications.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aNewPbkdf2HashHasTheFormatOfJakartaSecurityAndMatchesOnlyItsPassword() {
        String hash = PasswordHash.pbkdf2("correct horse", 1_000);

        assertTrue(hash.matches("PBKDF2WithHmacSHA256:1000:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+"), hash);
        assertTrue(PasswordHash.parse(hash).matches("correct horse"));
        assertFalse(PasswordHash.parse(hash).matches("correct horse "));
        assertFalse(PasswordHash.parse(hash).matches(""));
    }

    @Test
    void newHashesAreSaltedAndUseTheRecommendedIterations() {
        String one = PasswordHash.pbkdf2("same");
        String two = PasswordHash.pbkdf2("same");

        assertNotEquals(one, two, "a random salt each time");
        assertTrue(one.startsWith("PBKDF2WithHmacSHA256:600000:"), one);
    }

    @Test
    void aSha256DigestMatchesItsPasswordInEitherCase() {
        String hex = HexFormat.of().formatHex(PasswordHash.sha256("s3cret"));

        assertTrue(PasswordHash.parse("sha256:" + hex).matches("s3cret"));
        assertTrue(PasswordHash.parse("SHA256:" + hex.toUpperCase()).matches("s3cret"));
        assertFalse(PasswordHash.parse("sha256:" + hex).matches("s3cret\n"));
    }

    @Test
    void unusableSettingsAreRefusedWithoutRepeatingThem() {
        String secretLooking = "PBKDF2WithHmacSHA256:abc:c2FsdHNhbHQ=:aGFzaGhhc2hoYXNoaGFzaA==";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(secretLooking));
        assertFalse(e.getMessage().contains("c2FsdHNhbHQ="), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("hunter2"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("sha256:abc"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("PBKDF2WithHmacSHA256:10:c2FsdHNhbHQ=:aGFzaGhhc2hoYXNoaGFzaA=="));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("PBKDF2WithHmacSHA256:1000:not base64!:aGFzaA=="));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("PBKDF2WithHmacSHA256:1000:c2FsdHNhbHQ="));
    }

    @Test
    void itsTextNamesTheAlgorithmButNotTheHash() {
        String hash = PasswordHash.pbkdf2("x", 1_000);

        assertEquals("PasswordHash[PBKDF2WithHmacSHA256, 1000 iterations]", PasswordHash.parse(hash).toString());
    }
}
