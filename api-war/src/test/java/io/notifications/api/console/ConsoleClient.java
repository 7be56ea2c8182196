package io.notifications.api.console;

import io.notifications.api.system.NotificationApiSystem;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The console over plain HTTP, as a browser would speak to it but with every header in view: no redirect followed. */
final class ConsoleClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;

    ConsoleClient(URL deploymentUrl) {
        this.base = URI.create(deploymentUrl.toString());
    }

    /** Posts the login form. */
    HttpResponse<String> logIn(String user, String password) {
        String form = "username=" + encode(user) + "&password=" + encode(password) + "&next=" + encode("/admin/events");
        return send(HttpRequest.newBuilder(base.resolve("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The session cookie ({@code JSESSIONID=...}) an answer sets, and its attributes. */
    static Optional<String> sessionCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst();
    }

    /** {@code JSESSIONID=...} alone, to send back. */
    static String cookieValue(String setCookie) {
        return setCookie.split(";", 2)[0];
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    HttpResponse<String> delete(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).DELETE();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A logged-in session: its cookie and its CSRF token. */
    record Session(String cookie, String csrfToken) {

        String[] withCookie(String... more) {
            String[] all = new String[more.length + 2];
            all[0] = "Cookie";
            all[1] = cookie;
            System.arraycopy(more, 0, all, 2, more.length);
            return all;
        }

        String[] withToken() {
            return withCookie("X-CSRF-Token", csrfToken);
        }
    }

    Session session(String user, String password) {
        HttpResponse<String> login = logIn(user, password);
        if (login.statusCode() != 303) {
            throw new AssertionError("login answered " + login.statusCode() + ": " + login.body());
        }
        String cookie = cookieValue(sessionCookie(login).orElseThrow(() -> new AssertionError("no session cookie: " + login.headers())));
        HttpResponse<String> session = get("/admin/api/session", "Cookie", cookie);
        if (session.statusCode() != 200) {
            throw new AssertionError("session answered " + session.statusCode() + ": " + session.body());
        }
        return new Session(cookie, NotificationApiSystem.json(session).getString("csrf_token"));
    }

    static JsonObject json(HttpResponse<String> response) {
        return NotificationApiSystem.json(response);
    }

    static List<String> values(HttpResponse<?> response, String header) {
        return response.headers().allValues(header);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
