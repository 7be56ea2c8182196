package io.notifications.consumer.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits that double after each failed attempt, up to a ceiling: 1 s, 2 s, 4 s ... 30 s ({@link #delayAfter}), and the
 * pause actually taken, drawn with jitter below that ({@link #pauseAfter}).
 */
public record Backoff(Duration first, Duration max) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    /** The longest wait after the given number of consecutive failures (1 for the first). */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - 1, 30);
        Duration delay = first.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /**
     * The pause to take after the given number of consecutive failures: "equal jitter", at least half of
     * {@link #delayAfter} and at most all of it, to the millisecond. Without jitter every instance that met the same
     * outage tries again at the same instant, for as long as it lasts; drawn from the upper half, the pauses spread the
     * instances apart while each still waits at least half the delay, so a database that is down is never asked again
     * at once and the log keeps its few lines a minute (full jitter, anywhere from zero, would give up both).
     *
     * @param random the source of the draw: the caller's, so that a test can fix it
     */
    public Duration pauseAfter(int failures, RandomGenerator random) {
        long delay = delayAfter(failures).toMillis();
        long half = delay / 2;
        // nextDouble() is below 1, so the draw stays within [half, delay] whatever the source gives.
        return Duration.ofMillis(half + (long) (random.nextDouble() * (delay - half + 1)));
    }
}
