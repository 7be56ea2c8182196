package io.notifications.console.boundary;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's files (HTML, CSS, JavaScript), kept under {@code WEB-INF/console/} where no servlet serves them by
 * itself, and the headers every one of them is sent with. The application's default servlet answers JSON 404s, so
 * the console serves its own files, and only those named here.
 */
final class ConsolePages {

    static final String CONSOLE = "/admin";
    static final String API = CONSOLE + "/api";
    static final String LOGIN = CONSOLE + "/login";
    static final String LOGOUT = CONSOLE + "/logout";
    static final String STYLESHEET = CONSOLE + "/console.css";

    private static final String FOLDER = "/WEB-INF/console/";

    /** Everything the pages load comes from here; no inline script or style, no frames. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Path under {@code /admin} to file. */
    static final Map<String, String> PAGES = Map.of(
            "/", "overview.html",
            "/events", "events.html",
            "/dead-letters", "dead-letters.html");

    static final Map<String, String> ASSETS = Map.of(
            "/console.css", "console.css",
            "/console.js", "console.js",
            "/overview.js", "overview.js",
            "/events.js", "events.js",
            "/dead-letters.js", "dead-letters.js");

    private ConsolePages() {
    }

    /** The path inside the application, decoded and normalised by the container: {@code /admin/events}. */
    static String pathOf(HttpServletRequest request) {
        return request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    static boolean isConsole(String path) {
        return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    static boolean isApi(String path) {
        return path.equals(API) || path.startsWith(API + "/");
    }

    static String read(ServletContext context, String file) throws IOException {
        try (InputStream in = context.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IOException("The console's file " + file + " is missing from the WAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void send(HttpServletResponse response, int status, String file, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        secure(response);
        response.setStatus(status);
        response.setContentType(contentType(file));
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void secure(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
    }

    private static String contentType(String file) {
        if (file.endsWith(".css")) {
            return "text/css;charset=UTF-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript;charset=UTF-8";
        }
        return "text/html;charset=UTF-8";
    }

    /** Text for HTML, attribute values included. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
