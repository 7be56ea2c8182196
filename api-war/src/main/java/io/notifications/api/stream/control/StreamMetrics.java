package io.notifications.api.stream.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The live streams' metrics, in the application registry beside {@code ApiMetrics}: registered at start, so that each
 * is there, at 0, from the first scrape. The names are a contract with the dashboards: do not rename them.
 */
@ApplicationScoped
public class StreamMetrics {

    public static final String OPEN = "notifications.streams.open";
    public static final String DELIVERED = "notifications.streams.delivered";
    public static final String OVERFLOWED = "notifications.streams.overflowed";

    @Inject
    MetricRegistry registry;

    private final AtomicInteger open = new AtomicInteger();
    private Counter delivered;
    private Counter overflowed;

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName(OPEN).withUnit(MetricUnits.NONE)
                .withDescription("Event streams open on this instance").build(), open, AtomicInteger::doubleValue);
        delivered = registry.counter(Metadata.builder().withName(DELIVERED)
                .withDescription("Events sent on a stream, one per stream they were sent on").build());
        overflowed = registry.counter(Metadata.builder().withName(OVERFLOWED)
                .withDescription("Streams ended with event: overflow because their reader fell behind").build());
    }

    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the bean's creation registers them
    }

    public void opened() {
        open.incrementAndGet();
    }

    public void closed() {
        open.decrementAndGet();
    }

    public void delivered() {
        delivered.inc();
    }

    public void overflowed() {
        overflowed.inc();
    }

    /** The streams open on this instance now. */
    public int openNow() {
        return open.get();
    }

    public long deliveredSoFar() {
        return delivered.getCount();
    }

    public long overflowedSoFar() {
        return overflowed.getCount();
    }
}
