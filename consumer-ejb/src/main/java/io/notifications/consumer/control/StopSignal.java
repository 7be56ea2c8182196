package io.notifications.consumer.control;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the consumer's threads that the application stops, and cuts their pauses short when it does. */
public final class StopSignal {

    private final CountDownLatch stopping = new CountDownLatch(1);

    public void stop() {
        stopping.countDown();
    }

    public boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** Waits for the given time, or less if the application stops; {@code true} if it stops. */
    public boolean await(Duration pause) {
        try {
            return stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
