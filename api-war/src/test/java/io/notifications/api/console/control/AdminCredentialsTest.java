package io.notifications.api.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

    private static final String HASH = PasswordHash.pbkdf2("open sesame", 1_000);
    private final Pbkdf2OfTheJdk pbkdf2 = new Pbkdf2OfTheJdk();

    private static AdminCredentials admin(String hash) {
        return AdminCredentials.configure(Optional.of("operator"), Optional.of(hash), Optional.empty()).orElseThrow();
    }

    @Test
    void nothingConfiguredMeansNoAdminAndSoNoConsole() {
        assertEquals(Optional.empty(), AdminCredentials.configure(Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), AdminCredentials.configure(Optional.of(" "), Optional.of(""), Optional.empty()));
    }

    @Test
    void theAdminWithAHashedPasswordIsAcceptedAndNoOneElse() {
        AdminCredentials admin = admin(HASH);

        assertTrue(admin.accept("operator", "open sesame", pbkdf2));
        assertFalse(admin.accept("operator", "open sesame!", pbkdf2));
        assertFalse(admin.accept("Operator", "open sesame", pbkdf2), "user names are exact");
        assertFalse(admin.accept("someone", "open sesame", pbkdf2));
        assertFalse(admin.accept(null, "open sesame", pbkdf2));
        assertFalse(admin.accept("operator", null, pbkdf2));
    }

    @Test
    void aPlainPasswordWorksToo() {
        AdminCredentials admin = AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.of("plain pw")).orElseThrow();

        assertTrue(admin.accept("operator", "plain pw", pbkdf2));
        assertFalse(admin.accept("operator", "plain", pbkdf2));
        assertTrue(admin.describe().contains("plain text"));
    }

    @Test
    void aSha256DigestMatchesItsPasswordInEitherCase() {
        String hex = HexFormat.of().formatHex(AdminCredentials.sha256("s3cret"));

        assertTrue(admin("sha256:" + hex).accept("operator", "s3cret", pbkdf2));
        assertTrue(admin("SHA256:" + hex.toUpperCase()).accept("operator", "s3cret", pbkdf2));
        assertFalse(admin("sha256:" + hex).accept("operator", "s3cret\n", pbkdf2));
    }

    @Test
    void incompleteOrContradictorySettingsAreRefusedNamingTheSettingsNotTheirValues() {
        IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.empty(), Optional.of(HASH), Optional.empty()));
        assertTrue(noUser.getMessage().contains("CONSOLE_USER"), noUser.getMessage());

        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.empty()));
        assertTrue(noPassword.getMessage().contains("CONSOLE_PASSWORD_HASH"), noPassword.getMessage());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.of("operator"), Optional.of(HASH), Optional.of("plain pw")));
        assertFalse(both.getMessage().contains("plain pw"));

        IllegalArgumentException badHash = assertThrows(IllegalArgumentException.class, () -> admin("hunter2"));
        assertFalse(badHash.getMessage().contains("hunter2"), badHash.getMessage());
        assertTrue(badHash.getMessage().startsWith("console.password-hash (CONSOLE_PASSWORD_HASH)"), badHash.getMessage());
    }

    @Test
    void unusableHashesAreRefusedWithoutRepeatingThem() {
        String secretLooking = "PBKDF2WithHmacSHA256:abc:c2FsdHNhbHQ=:aGFzaGhhc2hoYXNoaGFzaA==";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> admin(secretLooking));
        assertFalse(e.getMessage().contains("c2FsdHNhbHQ="), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> admin("sha256:abc"));
        assertThrows(IllegalArgumentException.class, () -> admin("PBKDF2WithHmacSHA256:10:c2FsdHNhbHQ=:aGFzaGhhc2hoYXNoaGFzaA=="));
        assertThrows(IllegalArgumentException.class, () -> admin("PBKDF2WithHmacSHA256:1000:not base64!:aGFzaA=="));
        assertThrows(IllegalArgumentException.class, () -> admin("PBKDF2WithHmacSHA256:1000:c2FsdHNhbHQ="));
    }

    @Test
    void itsTextHidesThePasswordButNamesHowItIsKept() {
        AdminCredentials plain = AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.of("plain pw")).orElseThrow();

        assertFalse(plain.toString().contains("plain pw"));
        assertFalse(plain.describe().contains("plain pw"));
        assertEquals("admin 'operator', password as PBKDF2WithHmacSHA256, 1000 iterations", admin(HASH).describe());
        assertFalse(admin(HASH).describe().contains(HASH.substring(HASH.lastIndexOf(':') + 1)));
    }
}
