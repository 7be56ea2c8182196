package io.notifications.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Every metric of the application, in MicroProfile Metrics' application registry (Payara's {@code /metrics}, scope
 * {@code application}), counted here and nowhere else. The API (api-war) and the consumer (consumer-ejb) both count
 * through this bean: in the Payara Micro bundle and in the EAR alike it is one bean of one application, so both
 * modules' counts land in one registry.
 *
 * <p>The metrics are registered once at start-up and kept in fields: counting is an increment, never a registry lookup
 * by name. The names are a contract with the dashboards and the admin console: do not rename them.
 */
@ApplicationScoped
public class NotificationMetrics {

    public static final String ACCEPTED = "notifications.events.accepted";
    public static final String REJECTED = "notifications.events.rejected";
    public static final String PUBLISHED = "notifications.events.published";
    public static final String STORED = "notifications.events.stored";
    public static final String DUPLICATES = "notifications.events.duplicates";
    public static final String RETRIED = "notifications.events.retried";
    public static final String PARKED = "notifications.events.parked";
    public static final String REPLAYED = "notifications.events.replayed";
    public static final String PUBLISH_CONFIRM = "notifications.publish.confirm";
    public static final String ACCEPT_TO_COMMIT = "notifications.events.accept_to_commit";
    public static final String BATCH_SIZE = "notifications.consumer.batch_size";
    /** The tag of {@link #REJECTED}. */
    public static final String REASON = "reason";

    @Inject
    MetricRegistry registry;

    private Counter accepted;
    private final Map<Rejection, Counter> rejected = new EnumMap<>(Rejection.class);
    private Counter published;
    private Counter stored;
    private Counter duplicates;
    private Counter retried;
    private Counter parked;
    private Counter replayed;
    private Timer publishConfirm;
    private Timer acceptToCommit;
    private Histogram batchSize;

    @PostConstruct
    void register() {
        accepted = counter(ACCEPTED, "Events answered 202 (single and batch), one per event");
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, registry.counter(metadata(REJECTED,
                    "Requests the API refused (401, 4xx, 503) that would have published or changed something, by reason", null),
                    new Tag(REASON, reason.tag())));
        }
        published = counter(PUBLISHED, "Events RabbitMQ confirmed to the API");
        stored = counter(STORED, "Events the consumer stored (committed rows)");
        duplicates = counter(DUPLICATES, "Deliveries of an event id stored already, acknowledged without a row");
        retried = counter(RETRIED, "Failed attempts to store an event, put aside in a retry queue");
        parked = counter(PARKED, "Messages parked in notification_events.dead");
        replayed = counter(REPLAYED, "Parked messages an operator replayed");
        // Timers record nanoseconds (their default unit) and /metrics shows them in seconds (..._seconds_count,
        // _sum, _max, {quantile=...}); a unit of seconds here would show the nanoseconds as seconds.
        publishConfirm = registry.timer(metadata(PUBLISH_CONFIRM,
                "From handing an event to RabbitMQ to its publisher confirm", MetricUnits.NANOSECONDS));
        acceptToCommit = registry.timer(metadata(ACCEPT_TO_COMMIT,
                "From the API's acceptance time (carried in the message) to the commit of the event's row", MetricUnits.NANOSECONDS));
        batchSize = registry.histogram(metadata(BATCH_SIZE, "Deliveries the consumer handled in one batch", MetricUnits.NONE));
    }

    private Counter counter(String name, String description) {
        return registry.counter(metadata(name, description, null));
    }

    private static Metadata metadata(String name, String description, String unit) {
        var builder = Metadata.builder().withName(name).withDescription(description);
        return (unit == null ? builder : builder.withUnit(unit)).build();
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

    public void replayed() {
        replayed.inc();
    }

    /** Deliveries the consumer took in one batch. */
    public void batch(int deliveries) {
        batchSize.update(deliveries);
    }

    /** The counters as they stand, for the periodic summary line. */
    public Totals totals() {
        long refused = 0;
        for (Counter counter : rejected.values()) {
            refused += counter.getCount();
        }
        return new Totals(accepted.getCount(), refused, published.getCount(), stored.getCount(), duplicates.getCount(),
                retried.getCount(), parked.getCount(), replayed.getCount());
    }

    /** Counts since start-up; {@link #minus} gives those of an interval. */
    public record Totals(long accepted, long rejected, long published, long stored, long duplicates, long retried, long parked,
                         long replayed) {

        public Totals minus(Totals earlier) {
            return new Totals(accepted - earlier.accepted, rejected - earlier.rejected, published - earlier.published,
                    stored - earlier.stored, duplicates - earlier.duplicates, retried - earlier.retried, parked - earlier.parked,
                    replayed - earlier.replayed);
        }

        public boolean isZero() {
            return equals(new Totals(0, 0, 0, 0, 0, 0, 0, 0));
        }

        public String describe() {
            return "accepted " + accepted + ", rejected " + rejected + ", published " + published + ", stored " + stored
                    + ", duplicates " + duplicates + ", retried " + retried + ", parked " + parked + ", replayed " + replayed;
        }
    }
}
