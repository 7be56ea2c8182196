package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchQueueTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration LONG = Duration.ofSeconds(30);

    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        later.shutdownNow();
    }

    @Test
    void nothingWaitingGivesAnEmptyBatchAfterTheIdleTime() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(10, LONG);

        assertEquals(List.of(), queue.next(Duration.ofMillis(20)));
    }

    @Test
    void aFullBatchIsHandedOutAtOnceWithoutLingering() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, LONG);
        IntStream.range(1, 6).forEach(queue::add);

        long started = System.nanoTime();
        assertEquals(List.of(1, 2, 3), queue.next(NO_WAIT));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "did not linger");
        assertEquals(2, queue.waiting(), "the rest waits for the next batch");
    }

    @Test
    void theBatchTakesWhatArrivesWithinTheLingerTimeOfItsFirstItem() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(10, Duration.ofSeconds(1));
        queue.add(1);
        later.schedule(() -> queue.add(2), 50, TimeUnit.MILLISECONDS);
        later.schedule(() -> queue.add(3), 100, TimeUnit.MILLISECONDS);
        later.schedule(() -> queue.add(4), 2, TimeUnit.SECONDS);

        assertEquals(List.of(1, 2, 3), queue.next(NO_WAIT));
        assertEquals(List.of(4), queue.next(Duration.ofSeconds(10)));
    }

    @Test
    void aBatchThatFillsUpWhileLingeringIsHandedOutWhenFull() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(3, LONG);
        queue.add(1);
        later.schedule(() -> queue.add(2), 50, TimeUnit.MILLISECONDS);
        later.schedule(() -> queue.add(3), 100, TimeUnit.MILLISECONDS);

        long started = System.nanoTime();
        assertEquals(List.of(1, 2, 3), queue.next(NO_WAIT));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "handed out when full, not after 30 s");
    }

    @Test
    void itemsThatArrivedLongerAgoThanTheLingerTimeGoWithoutWaitingForMore() throws Exception {
        AtomicLong clock = new AtomicLong();
        BatchQueue<Integer> queue = new BatchQueue<>(10, Duration.ofMillis(10), clock::get);
        queue.add(1);
        queue.add(2);
        clock.addAndGet(TimeUnit.HOURS.toNanos(1)); // the worker was busy with the previous batch

        long started = System.nanoTime();
        assertEquals(List.of(1, 2), queue.next(NO_WAIT));
        later.schedule(() -> queue.add(3), 0, TimeUnit.MILLISECONDS);
        assertEquals(List.of(3), queue.next(LONG));
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void withoutLingerABatchIsWhatWaitsAlready() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(10, Duration.ZERO);
        queue.add(1);
        queue.add(2);
        later.schedule(() -> queue.add(3), 200, TimeUnit.MILLISECONDS);

        assertEquals(List.of(1, 2), queue.next(NO_WAIT));
        assertEquals(List.of(3), queue.next(LONG));
    }

    @Test
    void aBatchOfOneIsEachItemAlone() throws Exception {
        BatchQueue<Integer> queue = new BatchQueue<>(1, LONG);
        queue.add(1);
        queue.add(2);

        assertEquals(List.of(1), queue.next(NO_WAIT));
        assertEquals(List.of(2), queue.next(NO_WAIT));
        assertEquals(0, queue.waiting());
    }

    @Test
    void aBatchSizeBelowOneOrANegativeLingerTimeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchQueue<>(0, LONG));
        assertThrows(IllegalArgumentException.class, () -> new BatchQueue<>(1, Duration.ofMillis(-1)));
    }
}
