package io.notifications.api.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The application's event counters as they stand, the API's and the consumer's, read from the registry by their
 * published names as Prometheus reads them: for the periodic summary line and the console's rates.
 *
 * <p>A counter is looked up on every read, over all its tags, and one that is not registered counts as 0: readers work
 * whether or not the counters exist yet, and on a server with MicroProfile Metrics switched off.
 */
@ApplicationScoped
public class EventCounters {

    /**
     * Every event counter by its short name, in the order a summary names them: the API's and the consumer's, all
     * named {@code notifications.events.<short name>}, the names the dashboards know.
     */
    public static final Map<String, String> ALL = names(
            "accepted", "rejected", "published", "stored", "duplicates", "retried", "parked", "replayed");

    // An Instance, so that a server with MicroProfile Metrics switched off still deploys.
    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    Instance<MetricRegistry> registry;

    /** The counter's total since start, summed over its tags; 0 when it is not registered. */
    public long total(String name) {
        return counters(name).stream().mapToLong(Counter::getCount).sum();
    }

    /** The totals of the given counters, in their order. */
    public long[] totals(List<String> names) {
        return names.stream().mapToLong(this::total).toArray();
    }

    public boolean registered(String name) {
        return !counters(name).isEmpty();
    }

    private Collection<Counter> counters(String name) {
        if (!registry.isResolvable()) {
            return List.of();
        }
        return registry.get().getCounters((id, metric) -> id.getName().equals(name)).values();
    }

    private static Map<String, String> names(String... shortNames) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String shortName : shortNames) {
            names.put(shortName, "notifications.events." + shortName);
        }
        return Collections.unmodifiableMap(names);
    }
}
