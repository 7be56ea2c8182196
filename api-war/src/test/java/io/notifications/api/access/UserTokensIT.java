package io.notifications.api.access;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.stream.SseClient;
import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.ServerSettings;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.TestServices;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
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
 * Per-user tokens on Payara Micro against the real RabbitMQ and PostgreSQL, with API keys configured too: a user's
 * token (a MicroProfile JWT signed by {@link TokenIssuer}, whose public keys, a JWK Set of the current and the next
 * one, and issuer the server has) reads that user's timeline, unread count and stream and marks its events read; the same token gets a JSON 403 on another
 * user's, however the path is spelt, and on every service endpoint; a token that does not verify gets 401
 * {@code invalid_token}; the API key still reaches everything.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(UserTokensIT.WithKeysAndTokens.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class UserTokensIT {

    private static final String KEY = "service-key-" + "5f1d0c4b9e";
    private static final TokenIssuer ISSUER = TokenIssuer.rs256();
    /** The issuer's next signing key, configured beside the current one during a rotation. */
    private static final TokenIssuer NEXT_KEY = TokenIssuer.rs256();
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String CHALLENGE = "Bearer realm=\"notifications\"";

    /**
     * An API key, and the issuer's public keys as MicroProfile JWT's settings name them: a JWK Set of the current key
     * (no kid: it verifies tokens that name no other) and the next one (kid "next").
     */
    public static final class WithKeysAndTokens extends ServerSettings {
        @Override
        protected Map<String, String> settings() {
            return Map.of("api.keys", KEY,
                    "mp.jwt.verify.publickey", "{\"keys\": [" + ISSUER.jwk(null) + ", " + NEXT_KEY.jwk("next") + "]}",
                    "mp.jwt.verify.issuer", TokenIssuer.ISSUER,
                    "mp.jwt.verify.clock.skew", "2"); // so that a token expires within the test
        }
    }

    @Deployment(testable = false)
    @TargetsContainer(ServerSettings.CONTAINER)
    static WebArchive bundle() {
        return OnPayaraMicro.bundle();
    }

    @ArquillianResource
    URL deploymentUrl;

    private NotificationApiSystem api;
    private URI base;
    private final DatabaseSystem database = TestServices.database();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @BeforeEach
    void connect() {
        api = new NotificationApiSystem(deploymentUrl);
        base = URI.create(deploymentUrl.toString());
    }

    @Test
    void aUsersTokenReadsThatUsersTimelineAndUnreadCountAndMarksItsEventsRead() {
        UUID eventId = storedEventOf(alice);
        String[] asAlice = bearer(ISSUER.tokenFor(alice));

        HttpResponse<String> timeline = api.send("GET", "/api/users/" + alice + "/events", asAlice);
        assertEquals(200, timeline.statusCode(), timeline.body());
        assertEquals(eventId.toString(), json(timeline).getJsonArray("events").getJsonObject(0).getString("event_id"));
        assertEquals(1, unreadOf(alice, asAlice));

        HttpResponse<String> marked = api.postJson("/api/users/" + alice + "/events/read",
                "{\"event_ids\":[\"" + eventId + "\"]}", with("Content-Type", "application/json", asAlice));
        assertEquals(200, marked.statusCode(), marked.body());
        assertEquals(0, unreadOf(alice, asAlice));
        assertNotNull(database.readAtOf(eventId));
    }

    @Test
    void aUsersTokenOpensThatUsersStreamAndReceivesItsEvents() {
        try (SseClient stream = SseClient.open(base, alice, null, bearer(ISSUER.tokenFor(alice)))) {
            assertEquals(200, stream.status());
            assertTrue(stream.next(WITHIN).isComment(), "registered for live events");

            UUID eventId = acceptedEventId(api.post(eventOf(alice), bearer(KEY)));

            SseClient.Message received = stream.nextEvent(WITHIN);
            assertNotNull(received, "no event within " + WITHIN);
            assertEquals(eventId.toString(), received.id());
        }
    }

    @Test
    void aStreamOpenedWithATokenEndsWithExpiredWhenTheTokenExpiresAndTheTokenOpensNoOther() {
        Instant expires = Instant.now().plusSeconds(3);
        String shortLived = ISSUER.token(claims -> claims.subject(alice.toString()).expirationTime(Date.from(expires)));
        try (SseClient stream = SseClient.open(base, alice, null, bearer(shortLived))) {
            assertEquals(200, stream.status());

            SseClient.Message last = stream.nextEvent(WITHIN); // exp, the 2 s of clock skew, the next tick
            assertNotNull(last, "no message within " + WITHIN);
            assertEquals("expired", last.event(), last.toString());
            assertTrue(Instant.now().isAfter(expires), "not before the token expired");
            assertTrue(last.data().contains("\"last_event_id\":null"), last.data());
            assertSame(SseClient.END, stream.next(WITHIN), "the stream ends after it");
        }
        try (SseClient again = SseClient.open(base, alice, null, bearer(shortLived))) {
            assertEquals(401, again.status());
        }
    }

    @Test
    void duringAKeyRotationATokenSignedWithTheNextKeyIsAcceptedByItsKid() {
        storedEventOf(alice);
        HttpResponse<String> timeline = api.send("GET", "/api/users/" + alice + "/events", bearer(NEXT_KEY.tokenFor(alice, "next")));
        assertEquals(200, timeline.statusCode(), timeline.body());

        HttpResponse<String> withoutKid = api.send("GET", "/api/users/" + alice + "/events", bearer(NEXT_KEY.tokenFor(alice)));
        assertEquals(401, withoutKid.statusCode(), "without its kid it is checked against the current key: " + withoutKid.body());
    }

    @Test
    void aUsersTokenGets403OnAnotherUsersEventsAndChangesNothing() {
        UUID bobsEvent = storedEventOf(bob);
        String[] asAlice = bearer(ISSUER.tokenFor(alice));

        assertForbidden(api.send("GET", "/api/users/" + bob + "/events", asAlice));
        assertForbidden(api.send("GET", "/api/users/" + bob + "/events?unread=true", asAlice));
        assertForbidden(api.send("GET", "/api/users/" + bob + "/events/unread-count", asAlice));
        assertForbidden(api.postJson("/api/users/" + bob + "/events/read", "{\"all\":true}",
                with("Content-Type", "application/json", asAlice)));
        try (SseClient stream = SseClient.open(base, bob, null, asAlice)) {
            assertEquals(403, stream.status());
        }
        assertNull(database.readAtOf(bobsEvent), "Bob's event is still unread");
    }

    @Test
    void noSpellingOfThePathReachesAnotherUser() {
        String[] asAlice = bearer(ISSUER.tokenFor(alice));

        for (String path : List.of("/api/users/" + bob + ";u=" + alice + "/events",
                "/api/users/" + bob + "/events;x=1", "/api/users/" + bob.toString().toUpperCase() + "/events",
                "/api/users/" + alice + "/../" + bob + "/events", "/api/users/" + alice + "%2F..%2F" + bob + "/events")) {
            HttpResponse<String> response = api.send("GET", path, asAlice);
            assertTrue(response.statusCode() == 403 || response.statusCode() == 404 || response.statusCode() == 400,
                    path + ": " + response.statusCode() + " " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
        }
    }

    @Test
    void aUsersTokenGets403OnEveryServiceEndpointAndPublishesNothing() {
        String[] asAlice = bearer(ISSUER.tokenFor(alice));
        UUID eventId = UUID.randomUUID();

        assertForbidden(api.post(eventOf(alice, eventId), asAlice));
        assertForbidden(api.postBatch("[" + eventOf(alice) + "]", asAlice));
        assertForbidden(api.send("GET", "/api/events/" + storedEventOf(alice), asAlice));
        assertForbidden(api.send("GET", "/api/admin/dead-letters", asAlice));

        acceptedEventId(api.post(eventOf(alice), bearer(KEY)));
        assertEquals(List.of(), database.rowsOf(eventId), "the event sent with a user's token was not published");
    }

    @Test
    void aTokenThatDoesNotVerifyGets401InvalidToken() {
        Instant hourAgo = Instant.now().minusSeconds(3600);
        for (String token : List.of(
                TokenIssuer.rs256().tokenFor(alice),
                ISSUER.token(claims -> claims.subject(alice.toString()).issuer("https://elsewhere.test")),
                ISSUER.token(claims -> claims.subject(alice.toString()).issueTime(Date.from(hourAgo.minusSeconds(60)))
                        .expirationTime(Date.from(hourAgo))),
                ISSUER.hs256WithThePublicKeyAsSecret(alice))) {
            HttpResponse<String> response = api.send("GET", "/api/users/" + alice + "/events", bearer(token));

            assertEquals(401, response.statusCode(), response.body());
            assertEquals(CHALLENGE + ", error=\"invalid_token\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(json(response).getString("message").startsWith("The token"), response.body());
        }
    }

    @Test
    void aUsersEndpointsWithoutCredentialsGet401() {
        HttpResponse<String> response = api.get("/api/users/" + alice + "/events/unread-count");

        assertEquals(401, response.statusCode(), response.body());
        assertEquals(CHALLENGE, response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void theApiKeyStillReachesEveryUsersEvents() {
        UUID eventId = storedEventOf(bob);

        HttpResponse<String> timeline = api.send("GET", "/api/users/" + bob + "/events", bearer(KEY));
        assertEquals(200, timeline.statusCode(), timeline.body());
        assertEquals(eventId.toString(), json(timeline).getJsonArray("events").getJsonObject(0).getString("event_id"));
        try (SseClient stream = SseClient.open(base, bob, null, bearer(KEY))) {
            assertEquals(200, stream.status());
        }
    }

    private UUID storedEventOf(UUID user) {
        UUID eventId = acceptedEventId(api.post(eventOf(user), bearer(KEY)));
        database.awaitStored(eventId, WITHIN);
        return eventId;
    }

    private long unreadOf(UUID user, String[] credentials) {
        HttpResponse<String> count = api.send("GET", "/api/users/" + user + "/events/unread-count", credentials);
        assertEquals(200, count.statusCode(), count.body());
        return json(count).getJsonNumber("unread").longValue();
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(json(response).getString("message").contains("token"), response.body());
    }

    private static String eventOf(UUID user) {
        return eventOf(user, UUID.randomUUID());
    }

    private static String eventOf(UUID user, UUID eventId) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + user + "\",\"event_type\":\"user_registered\","
                + "\"message\":\"Welcome!\",\"payload\":{}}";
    }

    private static String[] bearer(String credentials) {
        return new String[] {"Authorization", "Bearer " + credentials};
    }

    private static String[] with(String name, String value, String[] more) {
        String[] all = new String[more.length + 2];
        all[0] = name;
        all[1] = value;
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }
}
