package io.notifications.api.access;

import static io.notifications.api.system.SampleEvents.welcome;
import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.RawHttp.Answer;
import io.notifications.api.system.RawHttp;
import io.notifications.api.system.ServerSettings;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.TestServices;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * The API with keys configured, on Payara Micro against the real RabbitMQ and PostgreSQL: a request without one of
 * the keys gets a JSON 401 with the bearer challenge and publishes nothing; one with a key, given in the setting
 * itself or only as its SHA-256 digest, goes through; {@code /health} stays open.
 *
 * <p>The only test class whose server has keys ({@link WithKeys}), so the other classes keep the open API.
 */
@ExtendWith(TestServices.class) // first: the server reads the settings it writes when it boots
@ExtendWith(ApiKeysIT.WithKeys.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class ApiKeysIT {

    private static final String PLAIN_KEY = "publisher-key-" + "0123456789abcdef";
    /** Configured only as {@code sha256:<hex>}: the server never sees this text until a client sends it. */
    private static final String HASHED_KEY = "hashed.publisher_key~" + "fedcba9876543210";
    private static final String CHALLENGE = "Bearer realm=\"notifications\"";

    /** The keys: one as it is, one only as its digest. */
    public static final class WithKeys extends ServerSettings {
        @Override
        protected Map<String, String> settings() {
            return Map.of("api.keys", PLAIN_KEY + ", sha256:" + HexFormat.of().formatHex(sha256(HASHED_KEY)));
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
    private final DatabaseSystem database = TestServices.database();

    @BeforeEach
    void connect() {
        api = new NotificationApiSystem(deploymentUrl);
    }

    @Test
    void anEventWithoutAKeyGets401WithTheBearerChallengeAndIsNeitherPublishedNorStored() {
        UUID eventId = UUID.randomUUID();

        HttpResponse<String> response = api.post(welcome(eventId));

        assertUnauthorized(response, CHALLENGE);
        assertTrue(json(response).getString("message").contains("Authorization: Bearer"), response.body());
        assertNothingStored(eventId);
    }

    @Test
    void anEventWithAWrongKeyGets401WithInvalidTokenAndIsNeitherPublishedNorStored() {
        UUID eventId = UUID.randomUUID();

        HttpResponse<String> response = api.post(welcome(eventId), "Authorization", "Bearer " + PLAIN_KEY + "x");

        assertUnauthorized(response, CHALLENGE + ", error=\"invalid_token\"");
        assertNothingStored(eventId);
    }

    @Test
    void theSha256DigestOfAKeyIsNotAKey() {
        UUID eventId = UUID.randomUUID();

        HttpResponse<String> response = api.post(welcome(eventId), "Authorization",
                "Bearer " + HexFormat.of().formatHex(sha256(HASHED_KEY)));

        assertUnauthorized(response, CHALLENGE + ", error=\"invalid_token\"");
        assertNothingStored(eventId);
    }

    @Test
    void malformedBearerCredentialsGet401WithInvalidToken() {
        assertUnauthorized(api.post(welcome(null), "Authorization", "Bearer"), CHALLENGE + ", error=\"invalid_token\"");
        assertUnauthorized(api.post(welcome(null), "Authorization", "Bearer " + PLAIN_KEY + " " + PLAIN_KEY),
                CHALLENGE + ", error=\"invalid_token\"");
    }

    @Test
    void credentialsOfAnotherSchemeCountAsNoKey() {
        assertUnauthorized(api.post(welcome(null), "Authorization", "Basic cHVibGlzaGVyOnNlY3JldA=="), CHALLENGE);
    }

    @Test
    void anEventWithAConfiguredKeyIsAcceptedAndStored() {
        UUID eventId = acceptedEventId(api.post(welcome(null), "Authorization", "Bearer " + PLAIN_KEY));

        database.awaitStored(eventId, Duration.ofSeconds(5));
    }

    @Test
    void aKeyConfiguredOnlyByItsSha256DigestIsAcceptedWhateverTheCaseOfTheScheme() {
        UUID eventId = acceptedEventId(api.post(welcome(null), "Authorization", "bearer " + HASHED_KEY));

        database.awaitStored(eventId, Duration.ofSeconds(5));
    }

    @Test
    void theDeadLetterEndpointsNeedAKeyToo() {
        assertUnauthorized(api.get("/api/admin/dead-letters"), CHALLENGE);
        assertUnauthorized(api.send("DELETE", "/api/admin/dead-letters/" + UUID.randomUUID()), CHALLENGE);
        assertUnauthorized(api.postEmpty("/api/admin/dead-letters/replay"), CHALLENGE);

        HttpResponse<String> listing = api.send("GET", "/api/admin/dead-letters", "Authorization", "Bearer " + PLAIN_KEY);
        assertEquals(200, listing.statusCode(), listing.body());
    }

    @Test
    void healthStaysOpen() {
        HttpResponse<String> health = api.health();

        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json(health).getString("status"));
    }

    @Test
    void anUnknownPathUnderApiGets401WithoutAKeySoThatStrangersLearnNothingOfThePaths() {
        assertUnauthorized(api.get("/api/nope"), CHALLENGE);

        HttpResponse<String> withKey = api.send("GET", "/api/nope", "Authorization", "Bearer " + PLAIN_KEY);
        assertEquals(404, withKey.statusCode(), withKey.body());
        assertEquals("Not Found", json(withKey).getString("message"));
    }

    @Test
    void anUnknownPathOutsideApiGetsAJson404WithoutAKey() {
        HttpResponse<String> response = api.get("/nope");

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("Not Found", json(response).getString("message"));
    }

    @Test
    void hundredsOfAbusedAuthorizationHeadersAreAll401AndPublishNothing() throws Exception {
        Random random = new Random(20261126L);
        List<UUID> refused = new ArrayList<>();
        Map<String, Integer> sent = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            UUID eventId = UUID.randomUUID();
            List<byte[]> headers = new ArrayList<>(List.of(bytes("Content-Type: application/json")));
            String kind = abusedAuthorization(random, headers);
            sent.merge(kind, 1, Integer::sum);
            Answer answer = RawHttp.send(deploymentUrl, "POST", "/api/events", headers, bytes(welcome(eventId)), -1, 1,
                    Duration.ZERO, Duration.ofSeconds(30));

            assertEquals(401, answer.status(), kind + ": " + answer.text());
            assertTrue(answer.headers().getOrDefault("www-authenticate", "").startsWith(CHALLENGE), kind);
            assertTrue(answer.headers().getOrDefault("content-type", "").startsWith("application/json"), kind);
            assertFalse(answer.text().contains(PLAIN_KEY) || answer.text().contains(HASHED_KEY), "no key in the answer");
            refused.add(eventId);
        }
        System.out.println("Abused Authorization headers sent, by kind: " + sent);

        database.awaitStored(acceptedEventId(api.post(welcome(null), "Authorization", "Bearer " + PLAIN_KEY)), Duration.ofSeconds(5));
        for (UUID eventId : refused) {
            assertEquals(List.of(), database.rowsOf(eventId), "nothing stored for " + eventId);
        }
    }

    /** Adds one kind of broken credentials to the headers, and names the kind; none of them is a configured key. */
    private static String abusedAuthorization(Random random, List<byte[]> headers) {
        String printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=!\"#$%&'()*,:;<>?@[]^`{|} ";
        StringBuilder noise = new StringBuilder();
        for (int i = random.nextInt(300); i > 0; i--) {
            noise.append(printable.charAt(random.nextInt(printable.length())));
        }
        String key = random.nextBoolean() ? PLAIN_KEY : HASHED_KEY;
        String[][] kinds = {
                {"empty", "Authorization:"},
                {"scheme only", "Authorization: Bearer"},
                {"other scheme", "Authorization: " + (random.nextBoolean() ? "Basic " : "Digest ") + noise},
                {"random token", "Authorization: Bearer " + noise.toString().replace(" ", "")},
                {"key one character off", "Authorization: Bearer " + key.substring(0, key.length() - 1)
                        + (char) (key.charAt(key.length() - 1) ^ 1)},
                {"key with more after it", "Authorization: Bearer " + key + (random.nextBoolean() ? "x" : " extra")},
                {"key cut short", "Authorization: Bearer " + key.substring(0, random.nextInt(key.length()))},
                {"huge token", "Authorization: Bearer " + "k".repeat(1000 + random.nextInt(3000))},
                {"key in the wrong header", "X-Api-Key: " + key},
                {"key as a query-like value", "Authorization: Bearer key=" + key},
        };
        String[] kind = kinds[random.nextInt(kinds.length)];
        headers.add(bytes(kind[1]));
        if (random.nextInt(5) == 0) {
            headers.add(bytes("Authorization: Bearer " + noise.toString().replace(" ", "")));
            return kind[0] + " + a second Authorization header";
        }
        return kind[0];
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // --- helpers ---

    private static void assertUnauthorized(HttpResponse<String> response, String challenge) {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(List.of(challenge), response.headers().allValues("WWW-Authenticate"));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertFalse(json(response).getString("message").isBlank());
        assertFalse(response.body().contains(PLAIN_KEY) || response.body().contains(HASHED_KEY), "no key in the answer");
    }

    /** Nothing stored once everything published before now has been consumed: a marker sent after it is stored. */
    private void assertNothingStored(UUID eventId) {
        database.awaitStored(acceptedEventId(api.post(welcome(null), "Authorization", "Bearer " + PLAIN_KEY)), Duration.ofSeconds(5));
        assertEquals(List.of(), database.rowsOf(eventId), "nothing stored for " + eventId);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
