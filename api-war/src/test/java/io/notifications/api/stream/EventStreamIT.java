package io.notifications.api.stream;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.stream.control.StoredEventListener;
import io.notifications.api.system.DeployedApplication;
import io.notifications.api.system.NotificationApiSystem;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.ServerSettings;
import io.notifications.testing.DatabaseSystem;
import io.notifications.testing.DatabaseSystem.StoredEvent;
import io.notifications.testing.Eventually;
import io.notifications.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * {@code GET /api/users/{user_id}/events/stream} on Payara Micro against the real RabbitMQ and PostgreSQL: posted
 * events arrive live with the exact JSON the read API answers, and only on their user's stream; a reconnect with
 * {@code Last-Event-ID} sends what was stored meanwhile, then goes on live; idle streams get comments; a reader that
 * stops reading gets {@code event: overflow} and its stream ends. The server keeps streams alive every second and lets
 * {@value #MAX_PENDING} events wait per stream.
 */
@ExtendWith(TestServices.class)
@ExtendWith(EventStreamIT.StreamSettings.class)
@ExtendWith(ArquillianExtension.class)
@ExtendWith(DeployedApplication.class)
class EventStreamIT {

    static final int MAX_PENDING = 16;
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    public static final class StreamSettings extends ServerSettings {
        @Override
        protected Map<String, String> settings() {
            return Map.of("stream.keep-alive-ms", "1000", "stream.max-pending", String.valueOf(MAX_PENDING));
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

    @BeforeEach
    void connect() {
        api = new NotificationApiSystem(deploymentUrl);
        base = URI.create(deploymentUrl.toString());
    }

    @Test
    void aPostedEventArrivesAsANotificationWithExactlyTheJsonTheReadApiAnswersAndOnlyOnItsUsersStream() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, user, null);
             SseClient others = SseClient.openAndAwaitRegistration(base, other, null)) {
            assertEquals(200, stream.status());
            assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());

            UUID othersEvent = acceptedEventId(api.post(event(other, "for_someone_else")));
            UUID eventId = acceptedEventId(api.post(event(user, "user_registered")));
            SseClient.Message received = stream.nextEvent(WITHIN);
            SseClient.Message receivedByOther = others.nextEvent(WITHIN);

            assertNotNull(received, "no event within " + WITHIN);
            assertEquals("notification", received.event());
            assertEquals(eventId.toString(), received.id());
            HttpResponse<String> read = api.get("/api/events/" + eventId);
            assertEquals(200, read.statusCode(), read.body());
            assertEquals(read.body(), received.data(), "the data is the stored event as GET /api/events/{id} answers it");
            assertNotNull(receivedByOther);
            assertEquals(othersEvent.toString(), receivedByOther.id());
            UUID next = acceptedEventId(api.post(event(user, "second")));
            assertEquals(next.toString(), stream.nextEvent(WITHIN).id(), "the other user's event never came here");
        }
    }

    @Test
    void aReconnectWithLastEventIdSendsWhatWasStoredMeanwhileOldestFirstThenGoesOnLive() {
        UUID user = UUID.randomUUID();
        UUID first;
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, user, null)) {
            first = acceptedEventId(api.post(event(user, "first")));
            assertEquals(first.toString(), stream.nextEvent(WITHIN).id());
        }
        List<UUID> meanwhile = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            meanwhile.add(acceptedEventId(api.post(event(user, "meanwhile_" + i))));
        }
        meanwhile.forEach(id -> database.awaitStored(id, WITHIN));

        try (SseClient again = SseClient.openAndAwaitRegistration(base, user, first)) {
            List<String> replayed = again.events(3, WITHIN).stream().map(SseClient.Message::id).toList();
            UUID live = acceptedEventId(api.post(event(user, "live")));
            SseClient.Message then = again.nextEvent(WITHIN);

            assertEquals(meanwhile.stream().map(UUID::toString).toList(), replayed, "stored meanwhile, in the order stored");
            assertNotNull(then, "the live event after the catch-up");
            assertEquals(live.toString(), then.id());
        }
    }

    @Test
    void aReconnectSendsAnEventAcceptedBeforeTheLastOneReceivedButStoredAfterIt() {
        UUID user = UUID.randomUUID();
        UUID last;
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, user, null)) {
            last = acceptedEventId(api.post(event(user, "received")));
            assertEquals(last.toString(), stream.nextEvent(WITHIN).id());
        }
        // Accepted a minute before the event received, stored only now (a retry, a backlog): below it in the timeline.
        DatabaseSystem.StoredEvent stored = database.awaitStored(last, WITHIN);
        UUID late = UUID.randomUUID();
        database.insert(List.of(new StoredEvent(late, user, "retried", "m", null, "PROCESSED",
                stored.createdAt().minusMinutes(1), OffsetDateTime.now(ZoneOffset.UTC))));

        try (SseClient again = SseClient.openAndAwaitRegistration(base, user, last)) {
            SseClient.Message caughtUp = again.nextEvent(WITHIN);

            assertNotNull(caughtUp, "the event stored after the last one received, within " + WITHIN);
            assertEquals(late.toString(), caughtUp.id());
        }
    }

    @Test
    void aReconnectFarBehindGetsEveryEventInTheOrderTheyWereStoredWithoutOverflowing() {
        UUID user = UUID.randomUUID();
        List<StoredEvent> rows = new ArrayList<>();
        for (int i = 0; i <= 5 * MAX_PENDING; i++) { // several pages; some in the same microsecond, ordered by id
            rows.add(new StoredEvent(UUID.randomUUID(), user, "old", "m" + i, null, "PROCESSED", T0.minusSeconds(i),
                    T0.plusSeconds(i / 3)));
        }
        database.insert(rows);
        List<StoredEvent> inOrder = rows.stream().sorted((a, b) -> a.processedAt().equals(b.processedAt())
                ? uuidOrder(a.eventId(), b.eventId()) : a.processedAt().compareTo(b.processedAt())).toList();

        // The inserts' notifications reach the server a moment later; let them pass before the stream opens, so that
        // it has only the catch-up to send (a notification arriving during the catch-up would be held and dropped as a
        // duplicate; one after it, for an event outside the last ids sent, would be the seam's duplicate).
        sleep(Duration.ofSeconds(1));
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, user, inOrder.get(0).eventId())) {
            List<SseClient.Message> events = stream.events(rows.size() - 1, WITHIN);

            assertEquals(inOrder.subList(1, inOrder.size()).stream().map(row -> row.eventId().toString()).toList(),
                    events.stream().map(SseClient.Message::id).toList());
            assertTrue(events.stream().allMatch(message -> message.event().equals("notification")), "no overflow");
        }
    }

    /**
     * PostgreSQL ends the listener's connection: the events stored before it listens again send no notification to
     * this instance, yet reach the open stream, read from the database once the listener is back.
     */
    @Test
    void afterTheListenerLostItsConnectionEveryOpenStreamCatchesUpWhatWasStoredMeanwhile() throws Exception {
        UUID user = UUID.randomUUID();
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, user, null)) {
            UUID before = acceptedEventId(api.post(event(user, "before")));
            assertEquals(before.toString(), stream.nextEvent(WITHIN).id());

            assertEquals(1, terminateTheListenersConnection(), "one listening connection");
            List<UUID> meanwhile = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // the listener waits at least half a second before it connects again
                meanwhile.add(acceptedEventId(api.post(event(user, "while_not_listening_" + i))));
            }

            assertEquals(meanwhile.stream().map(UUID::toString).toList(),
                    stream.events(3, WITHIN).stream().map(SseClient.Message::id).toList());
        }
    }

    private static long terminateTheListenersConnection() throws IOException, SQLException {
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(TestServices.SERVER_PROPERTIES)) {
            settings.load(in);
        }
        String url = "jdbc:postgresql://" + settings.getProperty("db.host") + ":" + settings.getProperty("db.port") + "/"
                + settings.getProperty("db.name");
        try (Connection connection = DriverManager.getConnection(url, settings.getProperty("db.user"), settings.getProperty("db.password"));
             PreparedStatement terminate = connection.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = ? AND datname = current_database()")) {
            terminate.setString(1, StoredEventListener.APPLICATION_NAME);
            try (ResultSet result = terminate.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Test
    void anUnknownOrAnotherUsersLastEventIdOrAUserIdThatIsNoUuidIsRefusedInJson() {
        UUID user = UUID.randomUUID();
        UUID othersEvent = acceptedEventId(api.post(event(UUID.randomUUID(), "not_yours")));
        database.awaitStored(othersEvent, WITHIN);

        for (String lastEventId : new String[] {UUID.randomUUID().toString(), othersEvent.toString(), "not-a-uuid"}) {
            HttpResponse<String> answer = get("/api/users/" + user + "/events/stream", "Last-Event-ID", lastEventId);
            assertEquals(400, answer.statusCode(), lastEventId + ": " + answer.body());
            assertEquals("Last-Event-ID", json(answer).getJsonArray("errors").getJsonObject(0).getString("field"), answer.body());
        }
        HttpResponse<String> noUuid = get("/api/users/not-a-uuid/events/stream");
        assertEquals(400, noUuid.statusCode(), noUuid.body());
        assertEquals("user_id", json(noUuid).getJsonArray("errors").getJsonObject(0).getString("field"));
    }

    @Test
    void anIdleStreamGetsACommentLineEveryKeepAliveInterval() {
        try (SseClient stream = SseClient.openAndAwaitRegistration(base, UUID.randomUUID(), null)) {
            for (int i = 0; i < 2; i++) {
                SseClient.Message comment = stream.next(Duration.ofSeconds(3));
                assertNotNull(comment, "a comment within 3 s, with a keep-alive of 1 s");
                assertTrue(comment.isComment(), comment.toString());
            }
        }
    }

    /**
     * A client that never reads: the server's socket buffers fill, its sends wait, events pile up to the bound and the
     * stream overflows (counted at once). Once the client reads again, all it finds after what the buffers held is
     * {@code event: overflow} naming the last event sent, and the end of the stream. Meanwhile another user's stream
     * gets its events: the stuck one holds no one else up.
     */
    @Test
    void aReaderThatStopsReadingGetsOverflowAndTheEndOfItsStreamWhileOthersGoOn() throws IOException {
        UUID slow = UUID.randomUUID();
        UUID bystander = UUID.randomUUID();
        double overflowedBefore = overflowed();
        String bigMessage = "x".repeat(60_000);
        try (Socket socket = new Socket(); SseClient bystanders = SseClient.openAndAwaitRegistration(base, bystander, null)) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/users/" + slow + "/events/stream HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).contains(": open")) { // registered; from now on, no reading
                int b = in.read();
                assertTrue(b >= 0, "the stream ended before it opened: " + head);
                head.write(b);
            }
            assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), head.toString(StandardCharsets.US_ASCII));

            int posted = 0;
            while (posted < 300 && overflowed() == overflowedBefore) {
                acceptedEventId(api.post("{\"user_id\": \"" + slow + "\", \"event_type\": \"big\", \"message\": \"" + bigMessage + "\"}"));
                posted++;
            }
            double overflowedAfter = Eventually.within(WITHIN, this::overflowed, value -> value > overflowedBefore);
            assertTrue(overflowedAfter > overflowedBefore, "no overflow counted after " + posted + " events of 60 kB "
                    + "to a reader that does not read: the server holds them all");
            UUID bystandersEvent = acceptedEventId(api.post(event(bystander, "meanwhile")));
            SseClient.Message received = bystanders.nextEvent(WITHIN);
            assertNotNull(received, "the other stream's event while the slow one is stuck");
            assertEquals(bystandersEvent.toString(), received.id());

            String rest = readToEnd(in);
            int overflowAt = rest.lastIndexOf("event: overflow");
            assertTrue(overflowAt >= 0, "event: overflow in what the stream sent after " + posted + " events ("
                    + rest.length() + " characters, ending " + rest.substring(Math.max(0, rest.length() - 300)) + ")");
            String tail = rest.substring(overflowAt);
            assertTrue(tail.contains("\"last_event_id\":"), tail);
            assertFalse(tail.contains("event: notification"), "the overflow is the last message: " + tail);
        }
    }

    /**
     * What the server sends until it ends the answer (its last chunk) or closes the connection; fails when that takes
     * more than 60 s (a stream that goes on, comment after comment, never ends by itself).
     */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try {
            for (int n; System.nanoTime() < deadline && (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
                byte[] sofar = all.toByteArray();
                if (sofar.length >= end.length
                        && Arrays.equals(Arrays.copyOfRange(sofar, sofar.length - end.length, sofar.length), end)) {
                    break;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            String text = all.toString(StandardCharsets.UTF_8);
            throw new AssertionError("the stream sent nothing for 30 s and did not end: " + text.substring(Math.max(0, text.length() - 500)));
        }
        if (System.nanoTime() >= deadline) {
            String text = all.toString(StandardCharsets.UTF_8);
            throw new AssertionError("the stream did not end within 60 s: " + text.substring(Math.max(0, text.length() - 500)));
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** A GET that is answered at once (a refusal), with these headers. */
    private HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private double overflowed() {
        return api.metrics().value("notifications_streams_overflowed_total", "mp_scope", "application");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String event(UUID user, String type) {
        return "{\"user_id\": \"" + user + "\", \"event_type\": \"" + type + "\", \"message\": \"Hello\", \"payload\": {\"n\": 1}}";
    }

    private static int uuidOrder(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

}
