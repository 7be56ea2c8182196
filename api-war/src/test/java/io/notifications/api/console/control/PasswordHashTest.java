package io.notifications.api.console.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private final Pbkdf2OfTheJdk pbkdf2 = new Pbkdf2OfTheJdk();

    @Test
    void aNewPbkdf2HashHasTheFormatOfJakartaSecurityAndMatchesOnlyItsPassword() {
        String hash = PasswordHash.pbkdf2("correct horse", 1_000);

        assertTrue(hash.matches("PBKDF2WithHmacSHA256:1000:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+"), hash);
        assertTrue(pbkdf2.verify("correct horse".toCharArray(), hash));
        assertFalse(pbkdf2.verify("correct horse ".toCharArray(), hash));
        assertFalse(pbkdf2.verify("".toCharArray(), hash));
    }

    @Test
    void newHashesAreSaltedAndUseTheRecommendedIterations() {
        String one = PasswordHash.pbkdf2("same");
        String two = PasswordHash.pbkdf2("same");

        assertNotEquals(one, two, "a random salt each time");
        assertTrue(one.startsWith("PBKDF2WithHmacSHA256:600000:"), one);
    }
}
