package io.notifications.consumer.control;

import java.time.Duration;

/** Waits that double after each failed attempt, up to a ceiling: 1 s, 2 s, 4 s ... 30 s. */
public record Backoff(Duration first, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The wait after the given number of consecutive failures (1 for the first). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
