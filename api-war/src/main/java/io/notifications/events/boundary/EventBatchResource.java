package io.notifications.events.boundary;

import io.notifications.events.control.BatchNotConfirmedException;
import io.notifications.events.control.BatchPublishing;
import io.notifications.events.control.EventIds;
import io.notifications.events.control.EventJson;
import io.notifications.events.control.EventPublisher;
import io.notifications.events.control.RequestBody;
import io.notifications.events.entity.Event;
import io.notifications.events.entity.NewEvent;
import io.notifications.json.JsonBuilders;
import io.notifications.logging.EventLog;
import io.notifications.metrics.NotificationMetrics;
import io.notifications.tracing.TraceFilter;
import io.notifications.tracing.TraceParent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/events/batch}: up to {@code api.max-batch-events} events in one JSON array, each held to the rules
 * of {@code POST /api/events}. All are validated before any is published: one invalid event refuses the whole batch.
 * Then all are published at once, and the answer is 202 only once RabbitMQ confirmed every one of them.
 */
@Path("events/batch")
@ApplicationScoped
public class EventBatchResource {

    private static final Logger LOG = Logger.getLogger(EventBatchResource.class.getName());

    @Inject
    EventJson json;

    @Inject
    EventPublisher publisher;

    @Inject
    NotificationMetrics metrics;

    @Inject
    @ConfigProperty(name = "api.max-batch-events")
    int maxBatchEvents;

    @Inject
    @ConfigProperty(name = "api.max-batch-body-bytes")
    int maxBatchBodyBytes;

    @Inject
    @ConfigProperty(name = "api.max-body-bytes")
    int maxEventBytes;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> publish(InputStream body, @Context HttpHeaders headers, @Context HttpServletRequest request)
            throws IOException {
        if (headers.getMediaType() == null) {
            throw new NotSupportedException("Content-Type must be application/json");
        }
        String idempotencyKey = EventsResource.idempotencyKey(headers);
        List<NewEvent> events = json.readRequests(RequestBody.read(body, headers.getLength(), maxBatchBodyBytes), maxBatchEvents,
                maxEventBytes);
        List<UUID> eventIds = EventIds.resolveBatch(events.stream().map(NewEvent::eventId).toList(), idempotencyKey);
        Instant acceptedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // One trace for the request: every event of the batch carries it.
        TraceParent trace = TraceFilter.of(request);
        List<Event> accepted = new ArrayList<>(events.size());
        for (int index = 0; index < events.size(); index++) {
            accepted.add(events.get(index).accept(eventIds.get(index), acceptedAt, trace));
        }

        // Completed here rather than derived from the publishing stage, so that the refusal reaches the exception
        // mappers as it is, not wrapped in a CompletionException.
        CompletableFuture<Response> answer = new CompletableFuture<>();
        BatchPublishing.publishAll(publisher, accepted).whenComplete((unconfirmed, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else if (!unconfirmed.isEmpty()) {
                answer.completeExceptionally(new BatchNotConfirmedException(eventIds, unconfirmed));
            } else {
                metrics.accepted(eventIds.size());
                if (LOG.isLoggable(Level.FINE)) {
                    eventIds.forEach(id -> EventLog.log(LOG, Level.FINE, id, trace.traceId(), () -> "Accepted event " + id + " in a batch"));
                }
                JsonArrayBuilder ids = JsonBuilders.array();
                eventIds.forEach(id -> ids.add(id.toString()));
                answer.complete(Response.accepted(JsonBuilders.object()
                        .add("message", "Events published successfully")
                        .add(EventJson.EVENT_IDS, ids)
                        .build()).build());
            }
        });
        return answer;
    }
}
