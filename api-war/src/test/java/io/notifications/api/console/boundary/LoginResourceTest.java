package io.notifications.api.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.api.console.control.ConsoleFiles;
import org.junit.jupiter.api.Test;

class LoginResourceTest {

    @Test
    void afterTheLoginTheAdminGoesToTheConsolePageAsked() {
        assertEquals("/admin/events", LoginResource.next("/admin/events"));
        assertEquals("/admin/dead-letters", LoginResource.next("/admin/dead-letters"));
        assertEquals("/admin/", LoginResource.next("/admin/"));
    }

    @Test
    void anythingElseGoesToTheOverviewSoTheFormIsNoOpenRedirect() {
        assertEquals("/admin/", LoginResource.next(null));
        assertEquals("/admin/", LoginResource.next(""));
        assertEquals("/admin/", LoginResource.next("https://evil.example/admin/events"));
        assertEquals("/admin/", LoginResource.next("//evil.example/admin/"));
        assertEquals("/admin/", LoginResource.next("/admin/api/overview"));
        assertEquals("/admin/", LoginResource.next("/admin/events/../../x"));
        assertEquals("/admin/", LoginResource.next("/api/events"));
    }

    @Test
    void textForHtmlIsEscaped() {
        assertEquals("&lt;script&gt;&quot;a&#39;&amp;", ConsoleFiles.escape("<script>\"a'&"));
    }
}
