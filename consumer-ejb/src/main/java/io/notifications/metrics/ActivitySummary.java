package io.notifications.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
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

    @Inject
    NotificationMetrics metrics;

    @Inject
    @ConfigProperty(name = "log.summary-interval-s")
    long intervalSeconds;

    @Resource
    TimerService timers;

    private NotificationMetrics.Totals last;

    @PostConstruct
    void start() {
        last = metrics.totals();
        if (intervalSeconds > 0) {
            long millis = intervalSeconds * 1_000;
            timers.createIntervalTimer(millis, millis, new TimerConfig(null, false));
        }
    }

    @Timeout
    void summarize() {
        NotificationMetrics.Totals now = metrics.totals();
        NotificationMetrics.Totals interval = now.minus(last);
        last = now;
        if (!interval.isZero()) {
            LOG.info(() -> "In the last " + intervalSeconds + " s: " + interval.describe());
        }
    }
}
