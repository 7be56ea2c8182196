package io.notifications.api.console.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.api.console.entity.RatePoint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void ratesArePerSecondBetweenConsecutiveSamples() {
        RateHistory history = new RateHistory(10, 2);
        history.add(T0, new long[] {0, 0});
        history.add(T0.plusSeconds(5), new long[] {50, 10});
        history.add(T0.plusSeconds(10), new long[] {50, 35});

        List<RatePoint> rates = history.rates();

        assertEquals(2, rates.size());
        assertEquals(T0.plusSeconds(5), rates.get(0).at());
        assertArrayEquals(new double[] {10, 2}, rates.get(0).perSecond(), 1e-9);
        assertArrayEquals(new double[] {0, 5}, rates.get(1).perSecond(), 1e-9);
        assertArrayEquals(new long[] {50, 35}, history.latestTotals());
    }

    @Test
    void onlyTheLastSamplesAreKept() {
        RateHistory history = new RateHistory(3, 1);
        for (int i = 0; i < 10; i++) {
            history.add(T0.plusSeconds(i), new long[] {i * 2L});
        }

        List<RatePoint> rates = history.rates();

        assertEquals(2, rates.size(), "3 samples, 2 intervals");
        assertEquals(T0.plusSeconds(9), rates.get(1).at());
        assertArrayEquals(new double[] {2}, rates.get(1).perSecond(), 1e-9);
    }

    @Test
    void aCounterThatWentDownCountsAsNoEventsNotAsANegativeRate() {
        RateHistory history = new RateHistory(5, 1);
        history.add(T0, new long[] {100});
        history.add(T0.plusSeconds(5), new long[] {3});

        assertArrayEquals(new double[] {0}, history.rates().get(0).perSecond(), 1e-9);
    }

    @Test
    void aSampleNotLaterThanTheLastIsIgnored() {
        RateHistory history = new RateHistory(5, 1);
        history.add(T0, new long[] {1});
        history.add(T0, new long[] {5});
        history.add(T0.minusSeconds(1), new long[] {9});

        assertEquals(List.of(), history.rates());
        assertArrayEquals(new long[] {1}, history.latestTotals());
    }

    @Test
    void beforeTheFirstSampleTheTotalsAreZero() {
        assertArrayEquals(new long[] {0, 0, 0, 0}, new RateHistory(2, 4).latestTotals());
    }
}
