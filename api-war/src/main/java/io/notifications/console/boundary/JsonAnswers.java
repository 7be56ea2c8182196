package io.notifications.console.boundary;

import io.notifications.errors.ErrorBody;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The console's JSON answers, in the API's shape for errors ({@code {"message": ...}}). */
final class JsonAnswers {

    private JsonAnswers() {
    }

    static void send(HttpServletResponse response, int status, JsonObject json) throws IOException {
        byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
        ConsolePages.secure(response);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        send(response, status, ErrorBody.json(message, List.of()));
    }
}
