package io.notifications.api.console.control;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The operator's login, kept in the HTTP session: the only session the application has, with its cookie scoped to
 * {@code /admin} ({@code web.xml}).
 */
public final class ConsoleSession {

    private static final String ADMIN = ConsoleSession.class.getName() + ".admin";

    private ConsoleSession() {
    }

    /** The admin logged in with this request's session, or {@code null}. */
    public static String admin(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && session.getAttribute(ADMIN) instanceof String user ? user : null;
    }

    /**
     * Logs the admin in: the session gets a new id, so that an id that existed before the login is worth no login
     * (session fixation), and a new CSRF token.
     */
    public static void logIn(HttpServletRequest request, String user) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(ADMIN, user);
        CsrfToken.renew(session);
    }

    /** Ends the login and the session. */
    public static void logOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
