package io.notifications.api.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One INFO line every {@code log.summary-interval-s} seconds with what happened in that interval (accepted, rejected,
 * published, stored, duplicates, retried, parked, replayed), and none while nothing happened. The lines per event are
 * at FINE (accepted, stored) so that a busy system does not write a line per event by default; this line says how
 * busy it is instead.
 */
@Singleton
@Startup
public class ActivitySummary {

    private static final Logger LOG = Logger.getLogger(ActivitySummary.class.getName());
    private static final List<String> NAMES = List.copyOf(EventCounters.ALL.values());

    @Inject
    EventCounters counters;

    @Inject
    @ConfigProperty(name = "log.summary-interval-s", defaultValue = "60")
    long intervalSeconds;

    @Resource
    TimerService timers;

    private long[] last;

    @PostConstruct
    void start() {
        last = counters.totals(NAMES);
        if (intervalSeconds > 0) {
            long millis = intervalSeconds * 1_000;
            timers.createIntervalTimer(millis, millis, new TimerConfig(null, false));
        }
    }

    @Timeout
    void summarize() {
        long[] now = counters.totals(NAMES);
        String interval = describe(last, now);
        last = now;
        if (interval != null) {
            LOG.info(() -> "In the last " + intervalSeconds + " s: " + interval);
        }
    }

    /** {@code accepted 3, rejected 0, ...} for the counts between two readings; {@code null} when nothing happened. */
    static String describe(long[] before, long[] after) {
        List<String> parts = new ArrayList<>();
        boolean any = false;
        int i = 0;
        for (String shortName : EventCounters.ALL.keySet()) {
            long count = after[i] - before[i];
            any |= count != 0;
            parts.add(shortName + " " + count);
            i++;
        }
        return any ? String.join(", ", parts) : null;
    }
}
