package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A cycle in the chain of causes ends the walk instead of hanging the consumer thread. */
class StoreFailureCauseCycleTest {

    private static RuntimeException cycleOfTwo() {
        RuntimeException outer = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner", outer);
        outer.initCause(inner); // outer -> inner -> outer
        return outer;
    }

    @Test
    void aCycleOfCausesIsTransientInsteadOfHanging() {
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> StoreFailure.isPermanent(cycleOfTwo())));
    }

    @Test
    void aCycleOfCausesCanBeDescribedWithoutHanging() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> StoreFailure.describe(cycleOfTwo()));
    }
}
