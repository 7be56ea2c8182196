package io.notifications.api.console.control;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's files (HTML, CSS, JavaScript), kept under {@code WEB-INF/console/} where no servlet serves them by
 * itself, and the pages among them by the path under {@code /admin} that shows them. Only the files named here are
 * served.
 */
public final class ConsoleFiles {

    public static final String LOGIN = "login.html";
    public static final String DISABLED = "disabled.html";
    public static final String STYLESHEET = "console.css";

    private static final String FOLDER = "/WEB-INF/console/";

    /** The path under {@code /admin} of each page, and its file. */
    public static final Map<String, String> PAGES = Map.of(
            "/", "overview.html",
            "/events", "events.html",
            "/dead-letters", "dead-letters.html");

    private static final Map<String, String> ASSETS = Map.of(
            STYLESHEET, "text/css;charset=UTF-8",
            "console.js", "text/javascript;charset=UTF-8",
            "overview.js", "text/javascript;charset=UTF-8",
            "events.js", "text/javascript;charset=UTF-8",
            "dead-letters.js", "text/javascript;charset=UTF-8");

    private ConsoleFiles() {
    }

    /** Whether the stylesheet or script of this name is one of the console's. */
    public static boolean isAsset(String name) {
        return ASSETS.containsKey(name);
    }

    public static String contentType(String asset) {
        return ASSETS.get(asset);
    }

    public static String read(ServletContext context, String file) {
        try (InputStream in = context.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("The console's file " + file + " is missing from the WAR");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text for HTML, attribute values included. */
    public static String escape(String text) {
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
