package io.notifications.console.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoginServletTest {

    @Test
    void afterTheLoginTheAdminGoesToTheConsolePageAsked() {
        assertEquals("/admin/events", LoginServlet.next("/admin/events"));
        assertEquals("/admin/dead-letters", LoginServlet.next("/admin/dead-letters"));
        assertEquals("/admin/", LoginServlet.next("/admin/"));
    }

    @Test
    void anythingElseGoesToTheOverviewSoTheFormIsNoOpenRedirect() {
        assertEquals("/admin/", LoginServlet.next(null));
        assertEquals("/admin/", LoginServlet.next(""));
        assertEquals("/admin/", LoginServlet.next("https://evil.example/admin/events"));
        assertEquals("/admin/", LoginServlet.next("//evil.example/admin/"));
        assertEquals("/admin/", LoginServlet.next("/admin/api/overview"));
        assertEquals("/admin/", LoginServlet.next("/admin/events/../../x"));
        assertEquals("/admin/", LoginServlet.next("/api/events"));
    }

    @Test
    void textForHtmlIsEscaped() {
        assertEquals("&lt;script&gt;&quot;a&#39;&amp;", ConsolePages.escape("<script>\"a'&"));
    }
}
