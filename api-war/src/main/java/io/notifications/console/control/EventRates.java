package io.notifications.console.control;

import io.notifications.console.entity.RatePoint;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Samples the application's event counters (MicroProfile Metrics) every {@link #EVERY} into a ring of the last
 * {@link #KEPT}, so that the console can draw the rates of the last ten minutes without a metrics server.
 *
 * <p>A counter is looked up by its name on every sample, over all its tags, and a counter that is not registered
 * counts as 0: the console works whether or not the counters exist yet, and picks them up once they do.
 */
@ApplicationScoped
public class EventRates {

    /** The counters, in the order of every sample and rate. */
    public static final List<String> COUNTERS = List.of(
            "notifications.events.accepted",
            "notifications.events.stored",
            "notifications.events.retried",
            "notifications.events.parked");
    /** Short names of {@link #COUNTERS}, the JSON's field names. */
    public static final List<String> SERIES = List.of("accepted", "stored", "retried", "parked");

    public static final Duration EVERY = Duration.ofSeconds(5);
    /** Ten minutes' worth of samples. */
    public static final int KEPT = 121;

    private static final Logger LOG = Logger.getLogger(EventRates.class.getName());

    // An Instance, so that a server with MicroProfile Metrics switched off still deploys: the rates are then 0.
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    Instance<MetricRegistry> registry;

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
            history.add(Instant.now(), totals());
        } catch (RuntimeException e) {
            // A failing sample must not end the schedule (an exception would cancel it): the next one tries again.
            LOG.log(Level.FINE, "Sampling the event counters failed", e);
        }
    }

    /** Each counter's total since start, summed over its tags; 0 for a counter not registered. */
    long[] totals() {
        long[] totals = new long[COUNTERS.size()];
        for (int i = 0; i < totals.length; i++) {
            totals[i] = counters(COUNTERS.get(i)).stream().mapToLong(Counter::getCount).sum();
        }
        return totals;
    }

    /** Which of {@link #COUNTERS} are registered now. */
    public List<String> registered() {
        return COUNTERS.stream().filter(name -> !counters(name).isEmpty()).toList();
    }

    private Collection<Counter> counters(String name) {
        if (!registry.isResolvable()) {
            return List.of();
        }
        return registry.get().getCounters((id, metric) -> id.getName().equals(name)).values();
    }

    public List<RatePoint> rates() {
        return history.rates();
    }

    public long[] latestTotals() {
        return history.latestTotals();
    }
}
