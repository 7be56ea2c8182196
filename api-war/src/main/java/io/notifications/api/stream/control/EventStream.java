package io.notifications.api.stream.control;

import io.notifications.api.events.entity.StoragePosition;
import io.notifications.api.events.entity.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open stream of one user's events: what is still to be sent, in order, and at most {@code maxPending} of it.
 *
 * <p>Live events come in through {@link #live}. A catch-up ({@link #start} with a {@code Last-Event-ID}, or
 * {@link #catchUp} after the listener lost its connection) reads the user's events in the order they were stored,
 * from {@code overlap} before the newest place sent, page by page, each page only once the one before is sent; live
 * events that arrive meanwhile are held, and sent after the last page unless a page sent them already. The overlap
 * finds an event whose transaction wrote its row before the newest one sent but committed after it (a row's
 * {@code processed_at} is taken at its insert, not its commit); events this stream sent already are not sent again.
 * The stream is registered for live events before its first page is read, so an event is either in a page or arrives
 * live (or both, at that seam: the same id twice).
 *
 * <p>Sending happens on the {@code executor}, one task per stream at a time, never on the thread that offers: a
 * client that stops reading blocks only the task writing to it. When more than {@code maxPending} events wait (twice
 * that just after a catch-up), the stream is over: what waits is dropped, {@link StreamMessage.Overflow} is its last
 * message, and it closes. The client reconnects with {@code Last-Event-ID} and catches up from the database. A stream
 * opened with a user's token ends the same way, with {@link StreamMessage.Expired}, once the token no longer holds.
 */
public final class EventStream {

    private static final Logger LOG = Logger.getLogger(EventStream.class.getName());
    private static final long SEND_TIMEOUT_SECONDS = 30;

    /** Where the messages go: the SSE sink. */
    public interface Outlet {
        CompletionStage<?> send(StreamMessage message);

        void close();
    }

    /** The user's events stored after a place, in the order they were stored: {@code StoredEvents.storedAfter}. */
    @FunctionalInterface
    public interface Replays {
        List<StoredEvent> storedAfter(UUID userId, StoragePosition position, int limit);
    }

    /** What the stream tells its registry. */
    public interface Observer {
        void delivered();

        void overflowed();

        void closed(EventStream stream);
    }

    private final UUID userId;
    private final Outlet outlet;
    private final Replays replays;
    private final Executor executor;
    private final int maxPending;
    private final Duration overlap;
    private final Observer observer;
    /** When the credentials the stream was opened with stop holding; {@code null}: never (an API key, no keys). */
    private final Instant endsAt;

    private final ArrayDeque<StreamMessage> queue = new ArrayDeque<>();
    private final List<StoredEvent> held = new ArrayList<>();
    // The ids a catch-up sent most recently, so that the same events arriving live are not sent again.
    private final RecentIds replayed;
    // The ids queued most recently, so that a catch-up's overlap does not send them again.
    private final RecentIds queued;
    private boolean sending;
    /** Registered streams hear live events before they start: those wait in {@code held} until then. */
    private boolean started;
    private boolean closed;
    /** The last message (an overflow, an expiry) is queued: nothing more goes in. */
    private boolean ending;
    private boolean outletClosed;
    /** While catching up: the next page starts after this place. */
    private StoragePosition replayFrom;
    /** The newest place queued: a catch-up starts the overlap before it. */
    private StoragePosition newest;
    private volatile UUID lastSentId;
    private volatile long lastWriteNanos = System.nanoTime();

    public EventStream(UUID userId, Outlet outlet, Replays replays, Executor executor, int maxPending, Duration overlap,
                       Instant endsAt, Observer observer) {
        this.userId = userId;
        this.outlet = outlet;
        this.replays = replays;
        this.executor = executor;
        this.maxPending = maxPending;
        this.overlap = overlap;
        this.observer = observer;
        this.endsAt = endsAt;
        this.replayed = new RecentIds(2 * maxPending);
        this.queued = new RecentIds(2 * maxPending);
    }

    public UUID userId() {
        return userId;
    }

    /**
     * Starts the stream, once registered: a first comment (so the client sees the stream open), then the events stored
     * since {@code lastSent} (the client's {@code Last-Event-ID}, itself not sent again) when the client gave one,
     * else live events from {@code openedAt} on.
     */
    public synchronized void start(StoredEvent lastSent, StoragePosition openedAt) {
        queue.add(new StreamMessage.Comment("open"));
        started = true;
        if (lastSent != null) {
            newest = lastSent.storagePosition();
            queued.add(lastSent.eventId());
            replayFrom = newest.minus(overlap); // what was held follows the catch-up, unless a page sent it
        } else {
            newest = openedAt;
            held.forEach(this::enqueue);
            held.clear();
        }
        schedule();
    }

    /** An event stored for this user, as the listener saw it. */
    public synchronized void live(StoredEvent event) {
        if (closed || ending) {
            return;
        }
        if (!started || replayFrom != null) {
            if (held.size() >= maxPending) {
                overflow();
            } else {
                held.add(event);
            }
            return;
        }
        if (replayed.contains(event.eventId())) {
            return; // a catch-up sent it already
        }
        if (queue.size() >= maxPending) {
            overflow();
            return;
        }
        enqueue(event);
    }

    /** Reads from the database what may have been missed since the newest place sent (the listener reconnected). */
    public synchronized void catchUp() {
        if (closed || ending || replayFrom != null) {
            return;
        }
        replayFrom = newest.minus(overlap);
        schedule();
    }

    /** Sends a comment when nothing was written for {@code idleNanos} and nothing waits. */
    public synchronized void keepAlive(long idleNanos) {
        if (closed || ending || sending || !queue.isEmpty() || System.nanoTime() - lastWriteNanos < idleNanos) {
            return;
        }
        queue.add(new StreamMessage.Comment("keep-alive"));
        schedule();
    }

    /**
     * Ends the stream once its credentials no longer hold: what waits is dropped and {@link StreamMessage.Expired} is
     * the last message, so that nothing more reaches a browser whose token expired. The client reconnects with a new one.
     */
    public synchronized void expireIfDue(Instant now) {
        if (endsAt == null || closed || ending || now.isBefore(endsAt)) {
            return;
        }
        last(new StreamMessage.Expired(lastSentId));
    }

    /** Ends the stream at once (the server shuts down): the client reconnects, elsewhere, with Last-Event-ID. */
    public void end() {
        close();
    }

    /** Messages waiting to be sent (for tests and the bound). */
    synchronized int pending() {
        return queue.size() + held.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void enqueue(StoredEvent event) {
        queue.add(new StreamMessage.Notification(event));
        queued.add(event.eventId());
        if (event.storagePosition().compareTo(newest) > 0) {
            newest = event.storagePosition();
        }
        schedule();
    }

    private void overflow() {
        last(new StreamMessage.Overflow(lastSentId));
        observer.overflowed();
    }

    /** Drops what waits and queues the stream's last message; the stream closes once it is sent. */
    private void last(StreamMessage message) {
        ending = true;
        queue.clear();
        held.clear();
        replayed.clear();
        queued.clear();
        replayFrom = null;
        queue.add(message);
        schedule();
    }

    private void schedule() {
        if (sending || closed) {
            return;
        }
        sending = true;
        try {
            executor.execute(this::send);
        } catch (RejectedExecutionException stopping) {
            sending = false;
            closed = true;
            if (!outletClosed) {
                outletClosed = true;
                executorGone();
            }
        }
    }

    private void executorGone() {
        // Called with the lock held only when the executor refuses: the application stops; close outside the lock.
        Thread closing = new Thread(this::closeOutlet, "notification-stream-close");
        closing.setDaemon(true);
        closing.start();
    }

    /** The stream's one sending task: sends what waits, reading the next page of a catch-up when nothing else does. */
    private void send() {
        while (true) {
            StreamMessage next;
            StoragePosition page = null;
            synchronized (this) {
                if (closed) {
                    sending = false;
                    return;
                }
                next = queue.poll();
                if (next == null) {
                    if (replayFrom == null) {
                        sending = false;
                        return;
                    }
                    page = replayFrom;
                }
            }
            if (page != null) {
                if (!readPage(page)) {
                    return;
                }
                continue;
            }
            try {
                outlet.send(next).toCompletableFuture().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception | LinkageError gone) { // the client went away, or stopped reading for the timeout
                LOG.log(Level.FINE, "Stream of user " + userId + " ends", gone);
                close();
                return;
            }
            lastWriteNanos = System.nanoTime();
            if (next instanceof StreamMessage.Notification notification) {
                lastSentId = notification.event().eventId();
                observer.delivered();
            } else if (next instanceof StreamMessage.Overflow || next instanceof StreamMessage.Expired) {
                close();
                return;
            }
        }
    }

    /** One page of a catch-up; false when the stream had to end. */
    private boolean readPage(StoragePosition from) {
        List<StoredEvent> page;
        try {
            page = replays.storedAfter(userId, from, maxPending);
        } catch (RuntimeException e) {
            // The client reconnects with its Last-Event-ID and tries again, here or elsewhere.
            LOG.log(Level.WARNING, "Stream of user " + userId + " ends: cannot read its events from the database", e);
            close();
            return false;
        }
        synchronized (this) {
            if (closed || ending) {
                return true;
            }
            for (StoredEvent event : page) {
                replayed.add(event.eventId());
                if (!queued.contains(event.eventId())) { // not sent again by the overlap
                    enqueue(event);
                }
            }
            held.removeIf(event -> replayed.contains(event.eventId()));
            if (page.size() < maxPending) { // caught up: what arrived live meanwhile follows
                replayFrom = null;
                held.forEach(this::enqueue);
                held.clear();
            } else {
                replayFrom = page.get(page.size() - 1).storagePosition();
            }
        }
        return true;
    }

    private void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
            held.clear();
            if (outletClosed) {
                return;
            }
            outletClosed = true;
        }
        closeOutlet();
    }

    private void closeOutlet() {
        try {
            outlet.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing the stream of user " + userId, e);
        }
        observer.closed(this);
    }
}
