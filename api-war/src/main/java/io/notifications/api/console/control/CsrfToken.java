package io.notifications.api.console.control;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's defence against cross-site request forgery: a random token per session, which the console's pages
 * read from {@code /admin/api/session} and send back in the {@value #HEADER} header of every request that changes
 * something. Another site can make a browser send the session cookie (were it not {@code SameSite=Strict}), but it
 * can neither read the token nor set a header on a cross-site form post.
 */
public final class CsrfToken {

    public static final String HEADER = "X-CSRF-Token";
    static final String SESSION_ATTRIBUTE = CsrfToken.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CsrfToken() {
    }

    /** The session's token, made when first asked for. */
    public static String of(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(SESSION_ATTRIBUTE);
            if (token instanceof String existing) {
                return existing;
            }
            String made = newToken();
            session.setAttribute(SESSION_ATTRIBUTE, made);
            return made;
        }
    }

    /** A fresh token for the session (after a login), replacing any earlier one. */
    public static String renew(HttpSession session) {
        String made = newToken();
        session.setAttribute(SESSION_ATTRIBUTE, made);
        return made;
    }

    /** Whether the request's token is the session's; false when either is missing. Compared in constant time. */
    public static boolean matches(HttpSession session, String given) {
        if (session == null || given == null) {
            return false;
        }
        return same(session.getAttribute(SESSION_ATTRIBUTE) instanceof String expected ? expected : null, given);
    }

    static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
