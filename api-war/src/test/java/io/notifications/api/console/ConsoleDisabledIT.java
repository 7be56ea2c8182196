package io.notifications.api.console;

import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The bundle as built, with no admin configured: the console says it is disabled, and nobody can log in. */
class ConsoleDisabledIT extends OnPayaraMicro {

    @Test
    void everyPageSaysTheConsoleIsDisabledAndHow() {
        for (String path : new String[] {"/admin/", "/admin", "/admin/events", "/admin/login"}) {
            HttpResponse<String> page = api.get(path);
            assertEquals(404, page.statusCode(), path);
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), path);
            assertTrue(page.body().contains("The operator console is disabled"), page.body());
            assertTrue(page.body().contains("CONSOLE_PASSWORD_HASH"), page.body());
        }
        assertEquals(200, api.get("/admin/console.css").statusCode(), "the disabled page's stylesheet");
    }

    @Test
    void theJsonAndTheLoginFormSayItTooAndNoOneLogsIn() {
        HttpResponse<String> overview = api.get("/admin/api/overview");
        assertEquals(404, overview.statusCode());
        assertTrue(json(overview).getString("message").contains("console is disabled"), overview.body());

        HttpResponse<String> login = api.send("POST", "/admin/login?username=admin&password=admin");
        assertEquals(404, login.statusCode(), login.body());
        assertTrue(login.headers().allValues("Set-Cookie").isEmpty(), "no session: " + login.headers());
    }
}
