package io.notifications.api.console.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CsrfTokenTest {

    @Test
    void tokensAreLongRandomAndSafeInAHeader() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = CsrfToken.newToken();
            assertEquals(43, token.length(), "32 random bytes in base64url");
            assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
            tokens.add(token);
        }
        assertEquals(1000, tokens.size());
    }

    @Test
    void onlyTheSameTokenMatches() {
        String token = CsrfToken.newToken();

        assertTrue(CsrfToken.same(token, token));
        assertTrue(CsrfToken.same(token, new String(token.toCharArray())));
        assertFalse(CsrfToken.same(token, token.substring(1)));
        assertFalse(CsrfToken.same(token, token + "x"));
        assertFalse(CsrfToken.same(token, ""));
        assertFalse(CsrfToken.same(token, null));
        assertFalse(CsrfToken.same(null, token), "a session without a token accepts none");
        assertFalse(CsrfToken.same(null, null));
        assertNotEquals(CsrfToken.newToken(), CsrfToken.newToken());
    }
}
