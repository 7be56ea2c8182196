package io.notifications.api.console.control;

import io.notifications.api.console.entity.RatePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last samples of a few counters (totals since start), in a ring of fixed size, and the rates between them.
 * Thread-safe: one thread samples while requests read.
 */
public final class RateHistory {

    private record Sample(Instant at, long[] totals) {
    }

    private final int capacity;
    private final int series;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /**
     * @param capacity samples kept; the oldest is dropped when a new one comes
     * @param series   counters per sample
     */
    public RateHistory(int capacity, int series) {
        if (capacity < 2 || series < 1) {
            throw new IllegalArgumentException("at least 2 samples of at least 1 counter");
        }
        this.capacity = capacity;
        this.series = series;
    }

    public synchronized void add(Instant at, long[] totals) {
        if (totals.length != series) {
            throw new IllegalArgumentException("expected " + series + " totals, got " + totals.length);
        }
        if (!samples.isEmpty() && !at.isAfter(samples.peekLast().at())) {
            return; // a clock that stepped back would give negative intervals
        }
        samples.addLast(new Sample(at, totals.clone()));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
    }

    /**
     * The rate per second of each counter between each two consecutive samples, oldest first, at the later one's time.
     * A counter that went down (the application was redeployed, or a counter appeared anew) counts as 0 there.
     */
    public synchronized List<RatePoint> rates() {
        List<RatePoint> points = new ArrayList<>(Math.max(samples.size() - 1, 0));
        Sample previous = null;
        for (Sample sample : samples) {
            if (previous != null) {
                double seconds = Duration.between(previous.at(), sample.at()).toNanos() / 1e9;
                double[] perSecond = new double[series];
                for (int i = 0; i < series; i++) {
                    long delta = sample.totals()[i] - previous.totals()[i];
                    perSecond[i] = delta <= 0 ? 0 : delta / seconds;
                }
                points.add(new RatePoint(sample.at(), perSecond));
            }
            previous = sample;
        }
        return points;
    }

    /** The latest totals, or zeros before the first sample. */
    public synchronized long[] latestTotals() {
        return samples.isEmpty() ? new long[series] : samples.peekLast().totals().clone();
    }
}
