package io.notifications.console.boundary;

import io.notifications.console.control.CsrfToken;
import io.notifications.console.control.EventRates;
import io.notifications.console.control.QueueDepths;
import io.notifications.console.entity.QueueDepth;
import io.notifications.console.entity.RatePoint;
import io.notifications.deadletters.control.DeadLetterQueue;
import io.notifications.deadletters.entity.DeadLetter;
import io.notifications.deadletters.entity.ReplayReport;
import io.notifications.errors.ErrorBody;
import io.notifications.errors.InvalidRequestException;
import io.notifications.events.control.EventJson;
import io.notifications.events.control.StoredEvents;
import io.notifications.events.control.TimelineCursor;
import io.notifications.events.control.TimelineParameters;
import io.notifications.events.entity.FieldError;
import io.notifications.events.entity.StoredEvent;
import io.notifications.events.entity.TimelinePage;
import io.notifications.json.JsonBuilders;
import io.notifications.messaging.BrokerUnavailableException;
import io.notifications.messaging.Topology;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.PersistenceException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JSON the console's pages read and the actions they take, under {@code /admin/api} (admin only, see
 * {@code web.xml}; every {@code POST} checked for the CSRF token by {@link CsrfFilter}):
 *
 * <ul>
 * <li>{@code GET session}: the admin's name and the session's CSRF token;</li>
 * <li>{@code GET overview}: the event rates of the last ten minutes, the counters' totals, the queues' depths and
 * consumers;</li>
 * <li>{@code GET events?user_id=&event_type=&since=&until=&before=&limit=}: a page of a user's timeline, with the
 * read API's rules; {@code GET events/<event_id>}: one stored event;</li>
 * <li>{@code GET dead-letters?limit=}: the oldest parked messages; {@code POST dead-letters/replay} and
 * {@code POST dead-letters/discard} with {@code {"message_ids": [...]}}; {@code POST dead-letters/replay-oldest}:
 * every message parked now (up to {@value #MAX_REPLAY_ALL}).</li>
 * </ul>
 *
 * A servlet rather than JAX-RS resources: resources would also be found by the API's own application under
 * {@code /api}, behind the API keys instead of the admin's login.
 */
@WebServlet(ConsolePages.API + "/*")
public class ConsoleApiServlet extends HttpServlet {

    static final int DEFAULT_LISTED = 100;
    static final int MAX_LISTED = 500;
    static final int MAX_SELECTED = 500;
    static final int MAX_REPLAY_ALL = 10_000;
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(ConsoleApiServlet.class.getName());

    @Inject
    EventRates rates;

    @Inject
    QueueDepths queues;

    @Inject
    DeadLetterQueue deadLetters;

    @EJB
    StoredEvents storedEvents;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        answer(response, () -> {
            if (path.equals("/session")) {
                return ok(JsonBuilders.object()
                        .add("user", request.getUserPrincipal().getName())
                        .add("csrf_header", CsrfToken.HEADER)
                        .add("csrf_token", CsrfToken.of(request.getSession()))
                        .build());
            }
            if (path.equals("/overview")) {
                return ok(overview());
            }
            if (path.equals("/events")) {
                return ok(events(request));
            }
            if (path.startsWith("/events/")) {
                return event(path.substring("/events/".length()));
            }
            if (path.equals("/dead-letters")) {
                return ok(deadLetters.list(limit(request.getParameter("limit"))).toJson());
            }
            return new Answer(404, ErrorBody.json("Not Found", List.of()));
        });
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String admin = "admin '" + request.getUserPrincipal().getName() + "' (console) at " + request.getRemoteAddr();
        answer(response, () -> switch (path) {
            case "/dead-letters/replay" -> ok(replay(messageIds(request), admin));
            case "/dead-letters/discard" -> ok(discard(messageIds(request), admin));
            case "/dead-letters/replay-oldest" -> {
                ReplayReport report = deadLetters.replayOldest(MAX_REPLAY_ALL, admin);
                LOG.info(() -> "Console: " + admin + " replayed all parked messages: " + report.replayed()
                        + " replayed, " + report.remaining() + " remaining");
                yield ok(report.toJson(Topology.EXCHANGE));
            }
            default -> new Answer(404, ErrorBody.json("Not Found", List.of()));
        });
    }

    private JsonObject overview() {
        JsonArrayBuilder points = JsonBuilders.array();
        for (RatePoint point : rates.rates()) {
            JsonObjectBuilder json = JsonBuilders.object().add("at", point.at().toString());
            for (int i = 0; i < EventRates.SERIES.size(); i++) {
                json.add(EventRates.SERIES.get(i), Math.round(point.perSecond()[i] * 100) / 100.0);
            }
            points.add(json);
        }
        long[] totals = rates.latestTotals();
        JsonObjectBuilder counters = JsonBuilders.object();
        for (int i = 0; i < EventRates.SERIES.size(); i++) {
            counters.add(EventRates.SERIES.get(i), totals[i]);
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
                .add("counters_registered", registered);
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

    private JsonObject events(HttpServletRequest request) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, Arrays.asList(values)));
        List<String> users = query.getOrDefault(TimelineParameters.USER_ID, List.of());
        TimelinePage page = storedEvents.timeline(TimelineParameters.parse(users.size() == 1 ? users.get(0) : "", query));
        JsonArrayBuilder events = JsonBuilders.array();
        page.events().forEach(event -> events.add(EventJson.stored(event)));
        JsonObjectBuilder body = JsonBuilders.object().add("events", events);
        if (page.next() == null) {
            body.addNull("next");
        } else {
            body.add("next", TimelineCursor.encode(page.next()));
        }
        return body.build();
    }

    private Answer event(String id) {
        if (!EventJson.isUuidText(id)) {
            throw new InvalidRequestException("Invalid event id", List.of(new FieldError(
                    EventJson.EVENT_ID, "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000")));
        }
        Optional<StoredEvent> event = storedEvents.find(UUID.fromString(id));
        return event.map(found -> ok(EventJson.stored(found)))
                .orElseGet(() -> new Answer(404, ErrorBody.json("No event " + id + " is stored (yet): an accepted event "
                        + "may still be waiting in the queue, or be parked", List.of())));
    }

    private JsonObject replay(List<String> messageIds, String admin) {
        JsonArrayBuilder replayed = JsonBuilders.array();
        JsonArrayBuilder notParked = JsonBuilders.array();
        for (String id : messageIds) {
            Optional<DeadLetter> letter = deadLetters.replay(id, admin);
            if (letter.isPresent()) {
                replayed.add(letter.get().toJson());
            } else {
                notParked.add(id);
            }
        }
        JsonObject body = JsonBuilders.object().add("replayed", replayed).add("not_parked", notParked).build();
        LOG.info(() -> "Console: " + admin + " replayed " + body.getJsonArray("replayed").size() + " of "
                + messageIds.size() + " selected parked messages");
        return body;
    }

    private JsonObject discard(List<String> messageIds, String admin) {
        JsonArrayBuilder discarded = JsonBuilders.array();
        JsonArrayBuilder notParked = JsonBuilders.array();
        for (String id : messageIds) {
            Optional<DeadLetter> letter = deadLetters.discard(id, admin);
            if (letter.isPresent()) {
                discarded.add(letter.get().toJson());
            } else {
                notParked.add(id);
            }
        }
        JsonObject body = JsonBuilders.object().add("discarded", discarded).add("not_parked", notParked).build();
        LOG.info(() -> "Console: " + admin + " discarded " + body.getJsonArray("discarded").size() + " of "
                + messageIds.size() + " selected parked messages");
        return body;
    }

    /** {@code {"message_ids": ["...", ...]}}: 1 to {@value #MAX_SELECTED} message ids. */
    static List<String> messageIds(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        List<FieldError> errors = List.of(new FieldError(
                "message_ids", "must be an array of 1 to " + MAX_SELECTED + " message ids (strings)"));
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException("Body too large", errors);
        }
        JsonArray ids;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readObject().get("message_ids");
            if (!(value instanceof JsonArray array)) {
                throw new InvalidRequestException("Invalid selection", errors);
            }
            ids = array;
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidRequestException("Body must be a JSON object", errors);
        }
        if (ids.isEmpty() || ids.size() > MAX_SELECTED || !ids.stream().allMatch(JsonString.class::isInstance)) {
            throw new InvalidRequestException("Invalid selection", errors);
        }
        List<String> list = new ArrayList<>();
        ids.getValuesAs(JsonString.class).forEach(id -> list.add(id.getString()));
        return list;
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LISTED;
        }
        try {
            int limit = Integer.parseInt(text.strip());
            if (limit >= 1 && limit <= MAX_LISTED) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new InvalidRequestException("Invalid limit", List.of(new FieldError(
                "limit", "must be a whole number from 1 to " + MAX_LISTED)));
    }

    private record Answer(int status, JsonObject body) {
    }

    private static Answer ok(JsonObject body) {
        return new Answer(200, body);
    }

    private interface Work {
        Answer run() throws IOException;
    }

    /** Runs the work and answers its JSON, or the error's: 400 named fields, 503 with Retry-After, 500 with an incident. */
    private static void answer(HttpServletResponse response, Work work) throws IOException {
        Answer answer;
        try {
            answer = work.run();
        } catch (InvalidRequestException e) {
            answer = new Answer(400, ErrorBody.json(e.getMessage(), e.errors()));
        } catch (BrokerUnavailableException e) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            answer = new Answer(503, ErrorBody.json("The message broker is unavailable: " + e.getMessage() + ". Retry later.", List.of()));
        } catch (EJBException | PersistenceException e) {
            LOG.log(Level.WARNING, "Console: the database could not answer", e);
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            answer = new Answer(503, ErrorBody.json("The database cannot answer now. Retry later.", List.of()));
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Incident " + incident, e);
            answer = new Answer(500, ErrorBody.json("Internal error (incident " + incident + ")", List.of()));
        }
        JsonAnswers.send(response, answer.status(), answer.body());
    }
}
