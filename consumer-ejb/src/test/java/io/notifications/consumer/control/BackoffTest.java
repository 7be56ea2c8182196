package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {

    @ParameterizedTest(name = "after {0} failure(s) wait {1} s")
    @CsvSource({
            "1, 1",
            "2, 2",
            "3, 4",
            "4, 8",
            "5, 16",
            "6, 30",
            "7, 30",
            "100, 30"})
    void theDefaultWaitDoublesFromOneSecondUpToThirtySeconds(int failures, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Backoff.DEFAULT.delayAfter(failures));
    }

    @ParameterizedTest
    @ValueSource(ints = {31, 32, 33, 63, 64, 65, 1_000_000, Integer.MAX_VALUE})
    void hugeFailureCountsStayAtTheCeilingWithoutOverflowing(int failures) {
        assertEquals(Duration.ofSeconds(30), Backoff.DEFAULT.delayAfter(failures));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void thereIsNoWaitBeforeTheFirstFailure(int failures) {
        assertEquals(Duration.ZERO, Backoff.DEFAULT.delayAfter(failures));
    }

    @Test
    void aCustomBackoffDoublesItsOwnFirstWaitUpToItsOwnCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500));

        assertEquals(Duration.ofMillis(100), backoff.delayAfter(1));
        assertEquals(Duration.ofMillis(200), backoff.delayAfter(2));
        assertEquals(Duration.ofMillis(400), backoff.delayAfter(3));
        assertEquals(Duration.ofMillis(500), backoff.delayAfter(4));
        assertEquals(Duration.ofMillis(500), backoff.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    void aLongFirstWaitDoesNotOverflowForHugeFailureCounts() {
        Backoff backoff = new Backoff(Duration.ofDays(1), Duration.ofDays(7));

        assertEquals(Duration.ofDays(4), backoff.delayAfter(3));
        assertEquals(Duration.ofDays(7), backoff.delayAfter(4));
        assertEquals(Duration.ofDays(7), backoff.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    void theWaitNeverDecreasesAsFailuresAccumulate() {
        Duration previous = Duration.ZERO;
        for (int failures = 0; failures <= 200; failures++) {
            Duration delay = Backoff.DEFAULT.delayAfter(failures);
            assertTrue(delay.compareTo(previous) >= 0, "wait after " + failures + " failures shrank to " + delay);
            previous = delay;
        }
    }
}
