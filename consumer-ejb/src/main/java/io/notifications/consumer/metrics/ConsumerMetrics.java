package io.notifications.consumer.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/**
 * What the consumer counts, in MicroProfile Metrics' application registry (Payara's {@code /metrics}, scope
 * {@code application}), the same registry the API counts in: one application in the Payara Micro bundle and in the
 * EAR alike.
 *
 * <p>The metrics are registered once at start-up and kept in fields: counting is an increment, never a registry lookup
 * by name. The names are a contract with the dashboards and the console: do not rename them.
 */
@ApplicationScoped
public class ConsumerMetrics {

    public static final String STORED = "notifications.events.stored";
    public static final String DUPLICATES = "notifications.events.duplicates";
    public static final String RETRIED = "notifications.events.retried";
    public static final String PARKED = "notifications.events.parked";
    public static final String ACCEPT_TO_COMMIT = "notifications.events.accept_to_commit";
    public static final String BATCH_SIZE = "notifications.consumer.batch_size";
    public static final String COPIES_REFUSED = "notifications.consumer.copies_refused";

    @Inject
    MetricRegistry registry;

    private Counter stored;
    private Counter duplicates;
    private Counter retried;
    private Counter parked;
    private Timer acceptToCommit;
    private Histogram batchSize;
    private Counter copiesRefused;

    @PostConstruct
    void register() {
        stored = counter(STORED, "Events the consumer stored (committed rows)");
        duplicates = counter(DUPLICATES, "Deliveries of an event id stored already, acknowledged without a row");
        retried = counter(RETRIED, "Failed attempts to store an event, put aside in a retry queue");
        parked = counter(PARKED, "Messages parked in notification_events.dead");
        copiesRefused = counter(COPIES_REFUSED, "Copies for a retry queue or notification_events.dead that RabbitMQ returned "
                + "(no queue took them) or refused; each original stayed unacknowledged and its copy was published again");
        // Timers record nanoseconds (their default unit) and /metrics shows them in seconds (..._seconds_count,
        // _sum, _max, {quantile=...}); a unit of seconds here would show the nanoseconds as seconds.
        acceptToCommit = registry.timer(Metadata.builder().withName(ACCEPT_TO_COMMIT)
                .withDescription("From the API's acceptance time (carried in the message) to the commit of the event's row")
                .withUnit(MetricUnits.NANOSECONDS).build());
        batchSize = registry.histogram(Metadata.builder().withName(BATCH_SIZE)
                .withDescription("Deliveries the consumer handled in one batch").withUnit(MetricUnits.NONE).build());
    }

    /** Registers every metric when the application starts, so that each is there, at 0, from the first scrape. */
    void registerAtStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // the bean's creation registers them
    }

    private Counter counter(String name, String description) {
        return registry.counter(Metadata.builder().withName(name).withDescription(description).build());
    }

    /** Events whose rows a commit wrote. */
    public void stored(int count) {
        stored.inc(count);
    }

    /** The row of an event accepted at {@code acceptedAt} was committed at {@code committedAt}. */
    public void committed(Instant acceptedAt, Instant committedAt) {
        // Another server's clock may be ahead of this one's: a negative latency says nothing, zero is the floor.
        Duration latency = Duration.between(acceptedAt, committedAt);
        acceptToCommit.update(latency.isNegative() ? Duration.ZERO : latency);
    }

    public void duplicates(int count) {
        duplicates.inc(count);
    }

    public void retried() {
        retried.inc();
    }

    public void parked() {
        parked.inc();
    }

    /** RabbitMQ returned or refused a copy for a retry queue or the parking queue. */
    public void copyRefused() {
        copiesRefused.inc();
    }

    /** Deliveries the consumer took in one batch. */
    public void batch(int deliveries) {
        batchSize.update(deliveries);
    }

    /** The counters since start-up, for the consumer's health data. */
    public Totals totals() {
        return new Totals(stored.getCount(), duplicates.getCount(), retried.getCount(), parked.getCount(), copiesRefused.getCount());
    }

    public record Totals(long stored, long duplicates, long retried, long parked, long copiesRefused) {
    }
}
