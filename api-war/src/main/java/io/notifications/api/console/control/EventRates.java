package io.notifications.api.console.control;

import io.notifications.api.console.entity.RatePoint;
import io.notifications.api.metrics.EventCounters;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Samples the application's event counters (MicroProfile Metrics) every {@link #EVERY} into a ring of the last
 * {@link #KEPT}, so that the console can draw the rates of the last ten minutes without a metrics server.
 *
 * <p>The counters are read by name ({@link EventCounters}): the console works whether or not they exist yet, and
 * picks them up once they do.
 */
@ApplicationScoped
public class EventRates {

    /** Short names of the counters, in the order of every sample and rate: the JSON's field names. */
    public static final List<String> SERIES = List.of("accepted", "stored", "retried", "parked");
    /** The counters' names. */
    public static final List<String> COUNTERS = SERIES.stream().map(EventCounters.ALL::get).toList();

    public static final Duration EVERY = Duration.ofSeconds(5);
    /** Ten minutes' worth of samples. */
    public static final int KEPT = 121;

    private static final Logger LOG = Logger.getLogger(EventRates.class.getName());

    @Inject
    EventCounters counters;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final RateHistory history = new RateHistory(KEPT, COUNTERS.size());
    private ScheduledFuture<?> sampling;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        sampling = scheduler.scheduleAtFixedRate(this::sample, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    void sample() {
        try {
            history.add(Instant.now(), counters.totals(COUNTERS));
        } catch (RuntimeException e) {
            // A failing sample must not end the schedule (an exception would cancel it): the next one tries again.
            LOG.log(Level.FINE, "Sampling the event counters failed", e);
        }
    }

    /** Which of {@link #COUNTERS} are registered now. */
    public List<String> registered() {
        return COUNTERS.stream().filter(counters::registered).toList();
    }

    public List<RatePoint> rates() {
        return history.rates();
    }

    public long[] latestTotals() {
        return history.latestTotals();
    }
}
