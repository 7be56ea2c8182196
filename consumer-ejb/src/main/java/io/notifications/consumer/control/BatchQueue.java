package io.notifications.consumer.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Items waiting to be handled, handed out in batches: the oldest item with those that arrived within the linger time
 * after it, at most the batch size. Items that wait already are taken at once; the rest of the linger time is waited
 * for only while the batch is not full. Safe for one thread adding and another taking.
 *
 * @param <T> the item, a delivery for the consumer
 */
public final class BatchQueue<T> {

    private record Arrival<T>(T item, long nanos) {
    }

    private final BlockingQueue<Arrival<T>> waiting = new LinkedBlockingQueue<>();
    private final int size;
    private final long lingerNanos;
    private final LongSupplier nanoClock;

    public BatchQueue(int size, Duration linger) {
        this(size, linger, System::nanoTime);
    }

    BatchQueue(int size, Duration linger, LongSupplier nanoClock) {
        if (size < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("a batch holds 1 item or more, and the linger time is not negative: " + size + ", " + linger);
        }
        this.size = size;
        this.lingerNanos = linger.toNanos();
        this.nanoClock = nanoClock;
    }

    public void add(T item) {
        waiting.add(new Arrival<>(item, nanoClock.getAsLong()));
    }

    /**
     * The next batch, oldest first: waits up to {@code idle} for a first item (and gives an empty list if none comes),
     * then until the batch is full or the linger time after that item's arrival has passed.
     */
    public List<T> next(Duration idle) throws InterruptedException {
        Arrival<T> first = waiting.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return List.of();
        }
        List<T> batch = new ArrayList<>(Math.min(size, 1 + waiting.size()));
        batch.add(first.item());
        long deadline = first.nanos() + lingerNanos;
        List<Arrival<T>> arrived = new ArrayList<>();
        while (batch.size() < size) {
            arrived.clear();
            waiting.drainTo(arrived, size - batch.size());
            arrived.forEach(arrival -> batch.add(arrival.item()));
            long left = deadline - nanoClock.getAsLong();
            if (batch.size() == size || left <= 0) {
                break;
            }
            Arrival<T> next = waiting.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next.item());
        }
        return batch;
    }

    /** Items waiting, not yet handed out. */
    public int waiting() {
        return waiting.size();
    }
}
