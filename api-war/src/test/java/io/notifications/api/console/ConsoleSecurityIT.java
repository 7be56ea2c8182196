package io.notifications.api.console;

import static io.notifications.api.console.ConsoleClient.json;
import static io.notifications.api.system.SampleEvents.welcome;
import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.ServerSettings;
import io.notifications.testing.BrokerSystem;
import io.notifications.testing.TestServices;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's security over HTTP, on Payara Micro with an admin configured: who gets in, what an anonymous
 * caller or a wrong password gets, the session cookie's attributes, the CSRF token on every change; and that
 * {@code /api} and {@code /health} answer exactly as on a server without a console.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(WithAdmin.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class ConsoleSecurityIT {

    @Deployment(testable = false)
    @TargetsContainer(ServerSettings.CONTAINER)
    static WebArchive bundle() {
        return OnPayaraMicro.bundle();
    }

    @ArquillianResource
    URL deploymentUrl;

    private ConsoleClient console;
    private NotificationApiSystem api;
    private final BrokerSystem broker = TestServices.broker();

    @BeforeEach
    void connect() {
        console = new ConsoleClient(deploymentUrl);
        api = new NotificationApiSystem(deploymentUrl);
    }

    @Test
    void anAnonymousVisitorOfAPageIsSentToTheLoginFormAndComesBackToThePage() {
        HttpResponse<String> page = console.get("/admin/events");

        assertTrue(page.statusCode() == 302 || page.statusCode() == 303, page.statusCode() + " " + page.body());
        assertTrue(page.headers().firstValue("Location").orElseThrow().endsWith("/admin/login?next=%2Fadmin%2Fevents"),
                page.headers().toString());

        HttpResponse<String> form = console.get("/admin/login?next=%2Fadmin%2Fevents");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"password\""), form.body());
        assertTrue(form.body().contains("value=\"/admin/events\""), "the page to go back to: " + form.body());
        assertTrue(form.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
    }

    @Test
    void anAnonymousCallOfTheConsolesJsonGets401InJsonWhateverTheMethod() {
        for (HttpResponse<String> answer : new HttpResponse[] {
                console.get("/admin/api/overview"),
                console.get("/admin/api/session"),
                console.post("/admin/api/dead-letters/replay", ""),
                console.delete("/admin/api/dead-letters/x", "X-CSRF-Token", "guess")}) {
            assertEquals(401, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            assertTrue(json(answer).getString("message").contains("Log in"), answer.body());
        }
    }

    @Test
    void aWrongPasswordOrUserGets401AndTheFormAgainAndNoLogin() {
        for (HttpResponse<String> refused : new HttpResponse[] {
                console.logIn(WithAdmin.USER, WithAdmin.PASSWORD + "x"),
                console.logIn(WithAdmin.USER, ""),
                console.logIn("someone", WithAdmin.PASSWORD),
                console.logIn(WithAdmin.USER.toUpperCase(), WithAdmin.PASSWORD)}) {
            assertEquals(401, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("Wrong user name or password"), refused.body());
            ConsoleClient.sessionCookie(refused).ifPresent(cookie -> assertEquals(401,
                    console.get("/admin/api/session", "Cookie", ConsoleClient.cookieValue(cookie)).statusCode(),
                    "a refused login's cookie is no login"));
        }
    }

    @Test
    void theAdminLogsInWithAStrictHttpOnlySessionCookieAndGoesToThePageAsked() {
        HttpResponse<String> login = console.logIn(WithAdmin.USER, WithAdmin.PASSWORD);

        assertEquals(303, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Location").orElseThrow().endsWith("/admin/events"), login.headers().toString());
        String cookie = ConsoleClient.sessionCookie(login).orElseThrow();
        assertTrue(cookie.toLowerCase().contains("httponly"), cookie);
        assertTrue(cookie.toLowerCase().replace(" ", "").contains("samesite=strict"), cookie);
        assertTrue(cookie.replace(" ", "").contains(";Path=/admin"), "the cookie goes to the console only: " + cookie);

        String session = ConsoleClient.cookieValue(cookie);
        JsonObject who = json(console.get("/admin/api/session", "Cookie", session));
        assertEquals(WithAdmin.USER, who.getString("user"));
        assertEquals("X-CSRF-Token", who.getString("csrf_header"));
        assertEquals(43, who.getString("csrf_token").length());
        HttpResponse<String> page = console.get("/admin/dead-letters", "Cookie", session);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<h1>Dead letters</h1>"), page.body());
        assertEquals(200, console.get("/admin/overview.js", "Cookie", session).statusCode());
        assertEquals(404, console.get("/admin/nope", "Cookie", session).statusCode());
    }

    @Test
    void eachLoginGetsASessionAndATokenOfItsOwn() {
        ConsoleClient.Session one = console.session(WithAdmin.USER, WithAdmin.PASSWORD);
        ConsoleClient.Session two = console.session(WithAdmin.USER, WithAdmin.PASSWORD);

        assertNotEquals(one.cookie(), two.cookie());
        assertNotEquals(one.csrfToken(), two.csrfToken());
        HttpResponse<String> crossed = console.delete("/admin/api/dead-letters/x", one.withCookie("X-CSRF-Token", two.csrfToken()));
        assertEquals(403, crossed.statusCode(), "another session's token is a wrong token: " + crossed.body());
    }

    @Test
    void aChangeWithoutTheCsrfTokenOrWithAWrongOneGets403AndDoesNothing() {
        ConsoleClient.Session session = console.session(WithAdmin.USER, WithAdmin.PASSWORD);
        String messageId = "csrf-" + UUID.randomUUID();
        broker.parkRaw(messageId, "not an event".getBytes(StandardCharsets.UTF_8), "test");
        String letter = "/admin/api/dead-letters/" + messageId;

        HttpResponse<String> missing = console.delete(letter, session.withCookie());
        HttpResponse<String> wrong = console.delete(letter, session.withCookie("X-CSRF-Token", session.csrfToken() + "x"));
        HttpResponse<String> replayAll = console.post("/admin/api/dead-letters/replay", "", session.withCookie());
        HttpResponse<String> logout = console.post("/admin/logout", "{}", session.withCookie());

        for (HttpResponse<String> refused : new HttpResponse[] {missing, wrong, replayAll, logout}) {
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(json(refused).getString("message").contains("X-CSRF-Token"), refused.body());
        }
        assertTrue(json(missing).getString("message").contains("missing"), missing.body());
        assertTrue(listed(session, messageId), "still parked");

        HttpResponse<String> discarded = console.delete(letter, session.withToken());

        assertEquals(200, discarded.statusCode(), discarded.body());
        assertEquals(messageId, json(discarded).getJsonObject("dead_letter").getString("message_id"));
        assertFalse(listed(session, messageId), "discarded with the token");
    }

    @Test
    void loggingOutEndsTheSession() {
        ConsoleClient.Session session = console.session(WithAdmin.USER, WithAdmin.PASSWORD);

        HttpResponse<String> logout = console.post("/admin/logout", "{}", session.withToken());

        assertEquals(200, logout.statusCode(), logout.body());
        assertEquals(401, console.get("/admin/api/session", session.withCookie()).statusCode());
        assertEquals(302, console.get("/admin/", session.withCookie()).statusCode());
    }

    @Test
    void theApiAndHealthAnswerAsWithoutAConsole() {
        // No API keys on this server: the API is open, as before the console, whatever session a caller has.
        UUID eventId = acceptedEventId(api.post(welcome(null)));
        TestServices.database().awaitStored(eventId, java.time.Duration.ofSeconds(10));
        assertEquals(200, api.get("/api/admin/dead-letters?limit=1").statusCode());
        assertEquals(200, api.health().statusCode());
        assertEquals(404, api.get("/nope").statusCode());
        HttpResponse<String> admin = api.get("/api/admin/nope");
        assertEquals(404, admin.statusCode(), admin.body());
    }

    @Test
    void aBadParameterGets400NamingIt() {
        ConsoleClient.Session session = console.session(WithAdmin.USER, WithAdmin.PASSWORD);

        HttpResponse<String> noLimit = console.post("/admin/api/dead-letters/replay?limit=0", "", session.withToken());
        HttpResponse<String> tooMany = console.get("/admin/api/dead-letters?limit=501", session.withCookie());
        HttpResponse<String> badUser = console.get("/admin/api/events?user_id=nope", session.withCookie());
        HttpResponse<String> badEvent = console.get("/admin/api/events/nope", session.withCookie());

        for (HttpResponse<String> limit : List.of(noLimit, tooMany)) {
            assertEquals(400, limit.statusCode(), limit.body());
            assertEquals("limit", json(limit).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertEquals(400, badEvent.statusCode(), badEvent.body());
        assertEquals("event_id", json(badEvent).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, badUser.statusCode(), badUser.body());
        assertEquals("user_id", json(badUser).getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    private boolean listed(ConsoleClient.Session session, String messageId) {
        HttpResponse<String> listing = console.get("/admin/api/dead-letters?limit=500", session.withCookie());
        assertEquals(200, listing.statusCode(), listing.body());
        return json(listing).getJsonArray("dead_letters").stream()
                .map(JsonObject.class::cast)
                .anyMatch(letter -> messageId.equals(letter.getString("message_id", null)));
    }
}
