package io.notifications.api.stream.control;

import io.notifications.api.events.control.StoredEvents;
import io.notifications.api.events.entity.StoragePosition;
import io.notifications.api.events.entity.StoredEvent;
import io.notifications.api.shutdown.Draining;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The streams open on this instance, by user: where the listener hands live events, where a reconnected listener
 * makes every stream catch up, and what ends them all when the server drains. Streams send on a few threads of the
 * container's managed thread factory ({@code stream.sender-threads}); one more thread sends the keep-alive comments
 * and watches for the drain.
 */
@ApplicationScoped
public class OpenStreams {

    private static final Logger LOG = Logger.getLogger(OpenStreams.class.getName());

    /** A comment at least this often on an idle stream, so that proxies do not close it. */
    @Inject
    @ConfigProperty(name = "stream.keep-alive-ms", defaultValue = "15000")
    long keepAliveMillis;

    /** Events waiting to be sent on one stream before it overflows: its reader fell behind. */
    @Inject
    @ConfigProperty(name = "stream.max-pending", defaultValue = "256")
    int maxPending;

    @Inject
    @ConfigProperty(name = "stream.sender-threads", defaultValue = "8")
    int senderThreads;

    /**
     * How far before the newest event sent a catch-up starts reading: longer than a store's transaction can take from
     * its insert to its commit (the consumer's statement timeout, 30 s, and its commit), so that an event whose row
     * was written earlier but committed later is found.
     */
    @Inject
    @ConfigProperty(name = "stream.catch-up-overlap-ms", defaultValue = "35000")
    long catchUpOverlapMillis;

    @Resource
    ManagedThreadFactory threads;

    @EJB
    StoredEvents storedEvents;

    @Inject
    StreamMetrics metrics;

    @Inject
    Draining draining;

    private final Map<UUID, Set<EventStream>> byUser = new ConcurrentHashMap<>();
    private ExecutorService senders;
    private ScheduledExecutorService ticks;
    private volatile boolean ended;

    @PostConstruct
    void start() {
        senders = new ThreadPoolExecutor(senderThreads, senderThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
        ticks = Executors.newSingleThreadScheduledExecutor(threads);
        long every = Math.max(100, Math.min(500, keepAliveMillis / 2));
        ticks.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for the user: registered for live events first, then started, so that its catch-up from
     * {@code lastSent} (the event of the client's {@code Last-Event-ID}, or {@code null}) misses nothing stored meanwhile.
     * A stream opened with a user's token ends at {@code endsAt}, when the token stops holding.
     */
    public EventStream open(UUID userId, StoredEvent lastSent, Optional<Instant> endsAt, EventStream.Outlet outlet) {
        EventStream stream = new EventStream(userId, outlet, storedEvents::storedAfter, senders, maxPending,
                Duration.ofMillis(catchUpOverlapMillis), endsAt.orElse(null), new EventStream.Observer() {
            @Override
            public void delivered() {
                metrics.delivered();
            }

            @Override
            public void overflowed() {
                metrics.overflowed();
            }

            @Override
            public void closed(EventStream closed) {
                remove(closed);
            }
        });
        byUser.compute(userId, (user, streams) -> { // atomic with remove(): never into a set just dropped
            Set<EventStream> of = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            of.add(stream);
            return of;
        });
        metrics.opened();
        stream.start(lastSent, StoragePosition.before(Instant.now().truncatedTo(ChronoUnit.MICROS)));
        if (ended || draining.isDraining()) {
            stream.end();
        }
        return stream;
    }

    /** Whether a stream of this user is open here. */
    public boolean watches(UUID userId) {
        return byUser.containsKey(userId);
    }

    /** Stored events, oldest first, to the open streams of their users. */
    public void deliver(List<StoredEvent> events) {
        for (StoredEvent event : events) {
            Set<EventStream> streams = byUser.get(event.userId());
            if (streams != null) {
                streams.forEach(stream -> stream.live(event));
            }
        }
    }

    /** The listener may have missed notifications: every open stream reads what was stored since it last sent. */
    public void catchUpAll() {
        byUser.values().forEach(streams -> streams.forEach(EventStream::catchUp));
    }

    private void remove(EventStream stream) {
        byUser.computeIfPresent(stream.userId(), (user, streams) -> {
            if (streams.remove(stream)) {
                metrics.closed();
            }
            return streams.isEmpty() ? null : streams;
        });
    }

    private void tick() {
        try {
            if (draining.isDraining()) {
                endAll();
                return;
            }
            long idleNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
            Instant now = Instant.now();
            byUser.values().forEach(streams -> streams.forEach(stream -> {
                stream.expireIfDue(now);
                stream.keepAlive(idleNanos);
            }));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The streams' keep-alive failed", e);
        }
    }

    private void endAll() {
        if (!byUser.isEmpty()) {
            LOG.info(() -> "Shutting down: ending " + byUser.values().stream().mapToInt(Set::size).sum()
                    + " event streams; their clients reconnect with Last-Event-ID");
        }
        byUser.values().forEach(streams -> List.copyOf(streams).forEach(EventStream::end));
    }

    @PreDestroy
    void stop() {
        ended = true;
        endAll();
        ticks.shutdownNow();
        senders.shutdownNow();
    }
}
