package io.notifications.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

    private static final String HASH = PasswordHash.pbkdf2("open sesame", 1_000);

    @Test
    void nothingConfiguredMeansNoAdminAndSoNoConsole() {
        assertEquals(Optional.empty(), AdminCredentials.configure(Optional.empty(), Optional.empty(), Optional.empty()));
        assertEquals(Optional.empty(), AdminCredentials.configure(Optional.of(" "), Optional.of(""), Optional.empty()));
    }

    @Test
    void theAdminWithAHashedPasswordIsAcceptedAndNoOneElse() {
        AdminCredentials admin = AdminCredentials.configure(Optional.of("operator"), Optional.of(HASH), Optional.empty()).orElseThrow();

        assertTrue(admin.accept("operator", "open sesame"));
        assertFalse(admin.accept("operator", "open sesame!"));
        assertFalse(admin.accept("Operator", "open sesame"), "user names are exact");
        assertFalse(admin.accept("someone", "open sesame"));
        assertFalse(admin.accept(null, "open sesame"));
        assertFalse(admin.accept("operator", null));
    }

    @Test
    void aPlainPasswordWorksToo() {
        AdminCredentials admin = AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.of("plain pw")).orElseThrow();

        assertTrue(admin.accept("operator", "plain pw"));
        assertFalse(admin.accept("operator", "plain"));
        assertTrue(admin.describe().contains("plain text"));
    }

    @Test
    void incompleteOrContradictorySettingsAreRefusedNamingTheSettingsNotTheirValues() {
        IllegalArgumentException noUser = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.empty(), Optional.of(HASH), Optional.empty()));
        assertTrue(noUser.getMessage().contains("ADMIN_USER"), noUser.getMessage());

        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.empty()));
        assertTrue(noPassword.getMessage().contains("ADMIN_PASSWORD_HASH"), noPassword.getMessage());

        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.of("operator"), Optional.of(HASH), Optional.of("plain pw")));
        assertFalse(both.getMessage().contains("plain pw"));

        IllegalArgumentException badHash = assertThrows(IllegalArgumentException.class,
                () -> AdminCredentials.configure(Optional.of("operator"), Optional.of("hunter2"), Optional.empty()));
        assertFalse(badHash.getMessage().contains("hunter2"), badHash.getMessage());
        assertTrue(badHash.getMessage().startsWith("admin.password-hash (ADMIN_PASSWORD_HASH)"), badHash.getMessage());
    }

    @Test
    void itsTextHidesThePassword() {
        AdminCredentials admin = AdminCredentials.configure(Optional.of("operator"), Optional.empty(), Optional.of("plain pw")).orElseThrow();

        assertFalse(admin.toString().contains("plain pw"));
        assertFalse(admin.describe().contains("plain pw"));
    }
}
