package io.notifications.api.console.boundary;

import io.notifications.api.console.control.EventRates;
import io.notifications.api.console.control.QueueDepths;
import io.notifications.api.console.entity.QueueDepth;
import io.notifications.api.console.entity.RatePoint;
import io.notifications.api.messaging.BrokerUnavailableException;
import io.notifications.message.JsonBuilders;
import io.notifications.api.stream.control.StreamMetrics;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /admin/api/overview}: the event rates of the last ten minutes, the counters' totals, the queues'
 * depths and consumers (or why the broker could not tell), and this instance's live streams.
 */
@Path("api/overview")
public class OverviewResource {

    @Inject
    EventRates rates;

    @Inject
    QueueDepths queues;

    @Inject
    StreamMetrics streams;

    @GET
    @Operation(hidden = true)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject overview() {
        List<String> series = EventRates.SERIES;
        JsonArrayBuilder points = JsonBuilders.array();
        for (RatePoint point : rates.rates()) {
            JsonObjectBuilder json = JsonBuilders.object().add("at", point.at().toString());
            for (int i = 0; i < series.size(); i++) {
                json.add(series.get(i), Math.round(point.perSecond()[i] * 100) / 100.0);
            }
            points.add(json);
        }
        long[] totals = rates.latestTotals();
        JsonObjectBuilder counters = JsonBuilders.object();
        for (int i = 0; i < series.size(); i++) {
            counters.add(series.get(i), totals[i]);
        }
        JsonArrayBuilder registered = JsonBuilders.array();
        rates.registered().forEach(registered::add);
        JsonArrayBuilder names = JsonBuilders.array();
        EventRates.COUNTERS.forEach(names::add);

        JsonObjectBuilder overview = JsonBuilders.object()
                .add("sampled_every_seconds", EventRates.EVERY.toSeconds())
                .add("rates", points)
                .add("totals", counters)
                .add("counters", names)
                .add("counters_registered", registered)
                .add("streams", JsonBuilders.object().add("open", streams.openNow())
                        .add("delivered", streams.deliveredSoFar()).add("overflowed", streams.overflowedSoFar()));
        try {
            JsonArrayBuilder depths = JsonBuilders.array();
            for (QueueDepth queue : queues.read()) {
                depths.add(JsonBuilders.object().add("name", queue.name()).add("role", queue.role())
                        .add("messages", queue.messages()).add("consumers", queue.consumers()));
            }
            overview.add("queues", depths);
        } catch (BrokerUnavailableException e) {
            overview.add("queues", JsonValue.EMPTY_JSON_ARRAY).add("queues_error", e.getMessage());
        }
        return overview.build();
    }
}
