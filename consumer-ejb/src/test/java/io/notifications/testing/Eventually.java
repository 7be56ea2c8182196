package io.notifications.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for an asynchronous outcome: the consumer stores events some time after the API accepted them. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code value} until it satisfies {@code condition} or {@code timeout} passes; returns the last value. */
    public static <T> T within(Duration timeout, Supplier<T> value, Predicate<T> condition) {
        Instant deadline = Instant.now().plus(timeout);
        T last = value.get();
        while (!condition.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = value.get();
        }
        return last;
    }
}
