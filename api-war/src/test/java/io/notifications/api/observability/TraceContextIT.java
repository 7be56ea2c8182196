package io.notifications.api.observability;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static io.notifications.api.system.NotificationApiSystem.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.GetResponse;
import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SampleEvents;
import io.notifications.testing.BrokerSystem;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The correlation id: the W3C trace of the request (its {@code traceparent}, or a new one) travels with each event it
 * publishes, in the message's {@code traceparent} header, into the event's row and the read API, and the answer names it
 * in {@code X-Trace-Id}. An invalid {@code traceparent} is ignored, never refused.
 */
class TraceContextIT extends OnPayaraMicro {

    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final Pattern A_TRACE_ID = Pattern.compile("[0-9a-f]{32}");

    @Test
    void theRequestsTraceTravelsInTheMessageIntoTheRowAndTheReadApi() {
        try (BrokerSystem.Tap tap = broker.tap()) {
            HttpResponse<String> accepted = api.post(SampleEvents.welcome(null), "traceparent", TRACEPARENT);
            UUID eventId = acceptedEventId(accepted);

            assertEquals(TRACE_ID, accepted.headers().firstValue("X-Trace-Id").orElseThrow());
            GetResponse message = only(tap.takeMessages());
            String sent = message.getProps().getHeaders().get("traceparent").toString();
            assertTrue(sent.startsWith("00-" + TRACE_ID + "-") && sent.endsWith("-01"), sent);
            assertNotEquals(TRACEPARENT, sent, "the API sends the trace on with a span id of its own as parent");
            database.awaitStored(eventId, WITHIN);
            assertEquals(TRACE_ID, database.traceIdOf(eventId));
            assertEquals(TRACE_ID, json(api.get("/api/events/" + eventId)).getString("trace_id"));
        }
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceOfItsOwn() {
        HttpResponse<String> first = api.post(SampleEvents.welcome(null));
        HttpResponse<String> second = api.post(SampleEvents.welcome(null));

        String firstTrace = first.headers().firstValue("X-Trace-Id").orElseThrow();
        assertTrue(A_TRACE_ID.matcher(firstTrace).matches(), firstTrace);
        assertNotEquals(firstTrace, second.headers().firstValue("X-Trace-Id").orElseThrow());
        UUID eventId = acceptedEventId(first);
        database.awaitStored(eventId, WITHIN);
        assertEquals(firstTrace, database.traceIdOf(eventId));
    }

    @Test
    void anInvalidTraceparentIsIgnoredAndTheEventAcceptedUnderANewTrace() {
        for (String invalid : List.of("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "garbage",
                "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01", "01-" + TRACE_ID + "-00f067aa0ba902b7-01")) {
            HttpResponse<String> accepted = api.post(SampleEvents.welcome(null), "traceparent", invalid);

            UUID eventId = acceptedEventId(accepted);
            String trace = accepted.headers().firstValue("X-Trace-Id").orElseThrow();
            assertTrue(A_TRACE_ID.matcher(trace).matches() && !trace.equals(TRACE_ID) && !trace.matches("0+"), invalid + " -> " + trace);
            database.awaitStored(eventId, WITHIN);
            assertEquals(trace, database.traceIdOf(eventId), invalid);
        }
    }

    @Test
    void everyEventOfABatchIsInTheOneTraceOfItsRequest() {
        HttpResponse<String> accepted = api.postBatch("[" + SampleEvents.welcome(null) + "," + SampleEvents.welcome(null) + "]",
                "traceparent", TRACEPARENT);

        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(TRACE_ID, accepted.headers().firstValue("X-Trace-Id").orElseThrow());
        for (var id : json(accepted).getJsonArray("event_ids").getValuesAs(jakarta.json.JsonString.class)) {
            UUID eventId = UUID.fromString(id.getString());
            database.awaitStored(eventId, WITHIN);
            assertEquals(TRACE_ID, database.traceIdOf(eventId));
        }
    }

    @Test
    void aRefusedRequestNamesItsTraceToo() {
        HttpResponse<String> refused = api.post("{\"user_id\": \"nope\"}", "traceparent", TRACEPARENT);

        assertEquals(400, refused.statusCode());
        assertEquals(TRACE_ID, refused.headers().firstValue("X-Trace-Id").orElseThrow());
    }

    @Test
    void aReplayedMessageKeepsTheTraceOfTheOriginalRequest() {
        UUID eventId = UUID.randomUUID();
        broker.parkRaw(eventId.toString(), MetricsIT.eventMessage(eventId), "database refused the event: a test",
                Map.of("traceparent", TRACEPARENT));

        HttpResponse<String> replay = api.postEmpty("/api/admin/dead-letters/" + eventId + "/replay");

        assertEquals(200, replay.statusCode(), replay.body());
        database.awaitStored(eventId, WITHIN);
        assertEquals(TRACE_ID, database.traceIdOf(eventId));
    }

    @Test
    void aMessageWithoutTraceIsStoredWithoutOne() {
        UUID eventId = UUID.randomUUID();

        broker.publishRaw(eventId.toString(), MetricsIT.eventMessage(eventId), Map.of("traceparent", "not one"));

        database.awaitStored(eventId, WITHIN);
        assertEquals(null, database.traceIdOf(eventId));
        assertEquals(jakarta.json.JsonValue.NULL, json(api.get("/api/events/" + eventId)).get("trace_id"));
    }

    private static GetResponse only(List<GetResponse> messages) {
        assertEquals(1, messages.size(), "messages published");
        return messages.get(0);
    }
}
