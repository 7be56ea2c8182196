package io.notifications.api.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.events.entity.StoragePosition;
import io.notifications.api.events.entity.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * One stream without a server: the sending task runs when the test says (a hand-cranked executor), the outlet records
 * what was sent, the database is a list of rows.
 */
class EventStreamTest {

    private static final UUID USER = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final StoragePosition OPENED = StoragePosition.before(T0);

    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<StreamMessage> sent = new ArrayList<>();
    private final List<StoredEvent> database = new ArrayList<>();
    private final List<String> observed = new ArrayList<>();
    private boolean outletClosed;

    private final EventStream.Outlet outlet = new EventStream.Outlet() {
        @Override
        public CompletionStage<?> send(StreamMessage message) {
            sent.add(message);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close() {
            outletClosed = true;
        }
    };

    private final EventStream.Observer observer = new EventStream.Observer() {
        @Override
        public void delivered() {
            observed.add("delivered");
        }

        @Override
        public void overflowed() {
            observed.add("overflowed");
        }

        @Override
        public void closed(EventStream stream) {
            observed.add("closed");
        }
    };

    private EventStream stream(int maxPending) {
        return stream(maxPending, Duration.ZERO);
    }

    /** A stream whose catch-ups read the database in the order the rows were stored, as StoredEvents.storedAfter. */
    private EventStream stream(int maxPending, Duration overlap) {
        return stream(maxPending, overlap, null);
    }

    private EventStream stream(int maxPending, Duration overlap, Instant endsAt) {
        return new EventStream(USER, outlet, (user, after, limit) -> database.stream()
                .filter(row -> row.userId().equals(user) && row.storagePosition().compareTo(after) > 0)
                .sorted((a, b) -> a.storagePosition().compareTo(b.storagePosition())).limit(limit).toList(),
                tasks::add, maxPending, overlap, endsAt, observer);
    }

    private void runTasks() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    private static StoredEvent event(int second) {
        return event(second, second);
    }

    private static StoredEvent event(int acceptedSecond, int storedSecond) {
        return new StoredEvent(UUID.randomUUID(), USER, "t", "m", null, "PROCESSED", T0.plusSeconds(acceptedSecond),
                T0.plusSeconds(storedSecond));
    }

    private List<UUID> sentIds() {
        return sent.stream().filter(StreamMessage.Notification.class::isInstance)
                .map(message -> ((StreamMessage.Notification) message).event().eventId()).toList();
    }

    @Test
    void opensWithACommentThenSendsLiveEventsInTheOrderTheyCome() {
        EventStream stream = stream(10);
        stream.start(null, OPENED);
        StoredEvent first = event(2);
        StoredEvent second = event(1);
        stream.live(first);
        stream.live(second);
        runTasks();

        assertEquals(new StreamMessage.Comment("open"), sent.get(0));
        assertEquals(List.of(first.eventId(), second.eventId()), sentIds());
        assertEquals(List.of("delivered", "delivered"), observed);
    }

    @Test
    void aReconnectSendsWhatWasStoredAfterItsLastEventOldestFirstInPagesThenWhatArrivedLiveMeanwhileOnce() {
        StoredEvent seen = event(0);
        database.add(seen);
        List<StoredEvent> missed = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            missed.add(event(i));
        }
        List<StoredEvent> shuffled = new ArrayList<>(missed);
        java.util.Collections.reverse(shuffled);
        database.addAll(shuffled);
        EventStream stream = stream(3); // pages of 3: 3, 3, 1
        stream.start(seen, OPENED);
        StoredEvent inPageAndLive = missed.get(5);
        StoredEvent liveOnly = event(100);
        stream.live(inPageAndLive); // notified while the catch-up reads: held, then found in a page
        stream.live(liveOnly);
        runTasks();

        List<UUID> expected = new ArrayList<>(missed.stream().map(StoredEvent::eventId).toList());
        expected.add(liveOnly.eventId());
        assertEquals(expected, sentIds(), "the missed ones oldest first, then the live one; the one in both once");
    }

    @Test
    void aLiveEventThatACatchUpSentAlreadyIsNotSentAgain() {
        StoredEvent stored = event(5);
        database.add(stored);
        EventStream stream = stream(10);
        stream.start(event(0), OPENED);
        runTasks();
        stream.live(stored); // its notification comes after the page that held it
        runTasks();

        assertEquals(List.of(stored.eventId()), sentIds());
    }

    @Test
    void afterTheListenerReconnectsAStreamCatchesUpFromTheNewestEventItSent() {
        EventStream stream = stream(10);
        stream.start(null, OPENED);
        StoredEvent live = event(1);
        stream.live(live);
        runTasks();
        StoredEvent missedWhileDisconnected = event(2);
        database.addAll(List.of(event(-5), live, missedWhileDisconnected));

        stream.catchUp();
        runTasks();

        assertEquals(List.of(live.eventId(), missedWhileDisconnected.eventId()), sentIds(),
                "nothing older than what it sent, nothing twice");
    }

    @Test
    void anEventHeardBetweenRegistrationAndStartComesAfterTheOpeningComment() {
        EventStream stream = stream(10);
        StoredEvent early = event(1);
        stream.live(early); // the listener delivers to a stream registered a moment before it starts
        stream.start(null, OPENED);
        runTasks();

        assertEquals(new StreamMessage.Comment("open"), sent.get(0));
        assertEquals(List.of(early.eventId()), sentIds());
    }

    @Test
    void anEventHeardBeforeAReconnectStartsIsSentOnceEitherByTheCatchUpOrAfterIt() {
        StoredEvent last = event(10);
        StoredEvent late = event(5, 12);
        database.addAll(List.of(last, late));
        EventStream stream = stream(10);
        stream.live(late); // its notification arrives between registration and start
        stream.start(last, OPENED);
        runTasks();

        assertEquals(new StreamMessage.Comment("open"), sent.get(0));
        assertEquals(List.of(late.eventId()), sentIds());
    }

    @Test
    void aReconnectSendsAnEventAcceptedBeforeItsLastEventButStoredAfterIt() {
        StoredEvent seen = event(10, 10);
        StoredEvent retried = event(5, 12); // accepted first, stored after a retry: below seen in the timeline
        database.addAll(List.of(retried, seen));
        EventStream stream = stream(10);
        stream.start(seen, OPENED);
        runTasks();

        assertEquals(List.of(retried.eventId()), sentIds());
    }

    @Test
    void aCatchUpReadsFromTheOverlapBeforeTheNewestEventSentWithoutSendingAgainWhatThisStreamSent() {
        EventStream stream = stream(10, Duration.ofSeconds(5));
        stream.start(null, OPENED);
        StoredEvent first = event(10);
        StoredEvent second = event(11);
        stream.live(first);
        stream.live(second);
        runTasks();
        // Written at 9 s, committed after 11 s while the listener was disconnected: no notification reached the stream.
        StoredEvent slowCommit = event(8, 9);
        StoredEvent tooOld = event(3, 3); // before the overlap: stored long before anything this stream sent
        database.addAll(List.of(tooOld, slowCommit, first, second));

        stream.catchUp();
        runTasks();

        assertEquals(List.of(first.eventId(), second.eventId(), slowCommit.eventId()), sentIds());
    }

    @Test
    void aReconnectNeverSendsTheClientsLastEventAgainButMaySendOthersOfTheOverlapOnceMore() {
        StoredEvent received = event(8);
        StoredEvent last = event(10);
        StoredEvent missed = event(12);
        database.addAll(List.of(received, last, missed));
        EventStream stream = stream(10, Duration.ofSeconds(5));
        stream.start(last, OPENED);
        runTasks();

        assertEquals(List.of(received.eventId(), missed.eventId()), sentIds(),
                "the overlap's events again (a duplicate at the seam, by id), the missed one; never the last one");
    }

    @Test
    void aReaderThatFallsBehindGetsOverflowAsTheLastMessageAndTheStreamCloses() {
        EventStream stream = stream(3);
        stream.start(null, OPENED);
        runTasks();
        StoredEvent delivered = event(1);
        stream.live(delivered);
        runTasks();
        for (int i = 0; i < 4; i++) { // nothing runs the sending task: the reader is not keeping up
            stream.live(event(10 + i));
        }
        assertTrue(stream.pending() <= 3, "never more than the bound waits: " + stream.pending());
        stream.live(event(20)); // after the overflow: dropped
        runTasks();

        assertEquals(new StreamMessage.Overflow(delivered.eventId()), sent.get(sent.size() - 1));
        assertEquals(List.of(delivered.eventId()), sentIds());
        assertTrue(outletClosed);
        assertTrue(stream.isClosed());
        assertEquals(List.of("delivered", "overflowed", "closed"), observed);
    }

    @Test
    void aStreamOpenedWithATokenEndsWithExpiredOnceTheTokenNoLongerHoldsAndSendsNothingAfter() {
        Instant tokenHoldsUntil = T0.plusSeconds(60);
        EventStream stream = stream(10, Duration.ZERO, tokenHoldsUntil);
        stream.start(null, OPENED);
        StoredEvent delivered = event(1);
        stream.live(delivered);
        runTasks();

        stream.expireIfDue(tokenHoldsUntil.minusMillis(1));
        assertFalse(stream.isClosed(), "the token still holds");
        stream.live(event(2)); // waiting to be sent when the token stops holding: dropped
        stream.expireIfDue(tokenHoldsUntil);
        stream.live(event(3));
        runTasks();

        assertEquals(List.of(delivered.eventId()), sentIds());
        assertEquals(new StreamMessage.Expired(delivered.eventId()), sent.get(sent.size() - 1));
        assertTrue(outletClosed);
        assertEquals(List.of("delivered", "closed"), observed);
    }

    @Test
    void aStreamOpenedWithoutATokenNeverExpires() {
        EventStream stream = stream(10);
        stream.start(null, OPENED);
        stream.expireIfDue(Instant.MAX);
        runTasks();

        assertFalse(stream.isClosed());
    }

    @Test
    void aCatchUpLongerThanTheBoundIsSentPageByPageWithoutOverflowing() {
        for (int i = 1; i <= 50; i++) {
            database.add(event(i));
        }
        EventStream stream = stream(4);
        stream.start(event(0), OPENED);
        runTasks();

        assertEquals(50, sentIds().size());
        assertFalse(observed.contains("overflowed"));
    }

    @Test
    void aKeepAliveCommentOnlyWhenIdleAndNothingWaits() {
        EventStream stream = stream(10);
        stream.start(null, OPENED);
        stream.keepAlive(0);
        runTasks();
        stream.keepAlive(Long.MAX_VALUE);
        runTasks();
        stream.keepAlive(0);
        runTasks();

        assertEquals(List.of(new StreamMessage.Comment("open"), new StreamMessage.Comment("keep-alive")), sent);
    }

    @Test
    void aFailedSendClosesTheStreamOnce() {
        EventStream stream = new EventStream(USER, new EventStream.Outlet() {
            @Override
            public CompletionStage<?> send(StreamMessage message) {
                return CompletableFuture.failedFuture(new IllegalStateException("the client went away"));
            }

            @Override
            public void close() {
                outletClosed = true;
            }
        }, (user, after, limit) -> List.of(), tasks::add, 10, Duration.ZERO, null, observer);
        stream.start(null, OPENED);
        runTasks();
        stream.live(event(1));
        stream.end();
        runTasks();

        assertTrue(outletClosed);
        assertEquals(List.of("closed"), observed);
    }

    @Test
    void aDatabaseFailureDuringACatchUpEndsTheStreamSoThatTheClientReconnects() {
        EventStream stream = new EventStream(USER, outlet, (user, after, limit) -> {
            throw new IllegalStateException("the database is down");
        }, tasks::add, 10, Duration.ZERO, null, observer);
        stream.start(event(0), OPENED);
        runTasks();

        assertTrue(stream.isClosed());
        assertEquals(List.of(new StreamMessage.Comment("open")), sent);
    }
}
