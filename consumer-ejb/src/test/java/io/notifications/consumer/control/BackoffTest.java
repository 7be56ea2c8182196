package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
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

    // A source whose every draw is the lowest value (nextDouble() 0.0), and one whose every draw is the highest
    // (nextDouble() just below 1.0): nextDouble() is made from the top 53 bits of nextLong().
    private static final RandomGenerator LOWEST = () -> 0L;
    private static final RandomGenerator HIGHEST = () -> -1L;

    @ParameterizedTest(name = "after {0} failure(s) pause between {1} and {2} ms")
    @CsvSource({
            "1, 500, 1000",
            "2, 1000, 2000",
            "3, 2000, 4000",
            "6, 15000, 30000",
            "100, 15000, 30000"})
    void thePauseIsDrawnFromTheUpperHalfOfTheWaitBothEndsIncluded(int failures, long lowest, long highest) {
        assertEquals(Duration.ofMillis(lowest), Backoff.DEFAULT.pauseAfter(failures, LOWEST));
        assertEquals(Duration.ofMillis(highest), Backoff.DEFAULT.pauseAfter(failures, HIGHEST));
    }

    @Test
    void everyDrawStaysWithinTheBounds() {
        RandomGenerator random = new SplittableRandom(14);
        for (int failures = 1; failures <= 40; failures++) {
            Duration ceiling = Backoff.DEFAULT.delayAfter(failures);
            for (int draw = 0; draw < 1_000; draw++) {
                Duration pause = Backoff.DEFAULT.pauseAfter(failures, random);
                assertTrue(pause.compareTo(ceiling.dividedBy(2)) >= 0 && pause.compareTo(ceiling) <= 0,
                        "pause " + pause + " after " + failures + " failures outside [" + ceiling.dividedBy(2) + ", " + ceiling + "]");
            }
        }
    }

    @Test
    void twoDrawsForTheSameFailuresDiffer() {
        RandomGenerator random = new SplittableRandom(14);

        assertNotEquals(Backoff.DEFAULT.pauseAfter(5, random), Backoff.DEFAULT.pauseAfter(5, random));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void thereIsNoPauseBeforeTheFirstFailure(int failures) {
        assertEquals(Duration.ZERO, Backoff.DEFAULT.pauseAfter(failures, HIGHEST));
    }
}
