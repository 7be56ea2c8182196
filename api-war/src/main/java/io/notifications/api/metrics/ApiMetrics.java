package io.notifications.api.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What the API counts, in MicroProfile Metrics' application registry (Payara's {@code /metrics}, scope
 * {@code application}), the same registry the consumer counts in.
 *
 * <p>The metrics are registered once at start-up and kept in fields: counting is an increment, never a registry lookup
 * by name. The names are a contract with the dashboards and the console: do not rename them.
 */
@ApplicationScoped
public class ApiMetrics {

    public static final String ACCEPTED = "notifications.events.accepted";
    public static final String REJECTED = "notifications.events.rejected";
    public static final String PUBLISHED = "notifications.events.published";
    public static final String REPLAYED = "notifications.events.replayed";
    public static final String PUBLISH_CONFIRM = "notifications.publish.confirm";
    /** The tag of {@link #REJECTED}. */
    public static final String REASON = "reason";

    @Inject
    MetricRegistry registry;

    private Counter accepted;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private Counter published;
    private Counter replayed;
    private Timer publishConfirm;

    @PostConstruct
    void register() {
        accepted = counter(ACCEPTED, "Events answered 202 (single and batch), one per event");
        Metadata refusals = Metadata.builder().withName(REJECTED)
                .withDescription("Requests the API refused (401, 4xx, 503) that would have published or changed something, by reason")
                .build();
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, registry.counter(refusals, new Tag(REASON, reason.tag())));
        }
        published = counter(PUBLISHED, "Events RabbitMQ confirmed to the API");
        replayed = counter(REPLAYED, "Parked messages an operator replayed");
        // Timers record nanoseconds (their default unit) and /metrics shows them in seconds (..._seconds_count,
        // _sum, _max, {quantile=...}); a unit of seconds here would show the nanoseconds as seconds.
        publishConfirm = registry.timer(Metadata.builder().withName(PUBLISH_CONFIRM)
                .withDescription("From handing an event to RabbitMQ to its publisher confirm").withUnit(MetricUnits.NANOSECONDS).build());
    }

    /** Registers every metric when the application starts, so that each is there, at 0, from the first scrape. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the bean's creation registers them
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }

    public void accepted(int events) {
        accepted.inc(events);
    }

    public void rejected(Rejection reason) {
        rejected.get(reason).inc();
    }

    /** One event confirmed by RabbitMQ, {@code nanos} after it was handed over. */
    public void published(long nanos) {
        published.inc();
        publishConfirm.update(Duration.ofNanos(nanos));
    }

    public void replayed() {
        replayed.inc();
    }
}
