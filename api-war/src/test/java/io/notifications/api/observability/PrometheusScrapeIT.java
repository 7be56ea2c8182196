package io.notifications.api.observability;

import static io.notifications.api.system.NotificationApiSystem.acceptedEventId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.system.OnPayaraMicro;
import io.notifications.api.system.SampleEvents;
import io.notifications.testing.Eventually;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Debian's Prometheus scrapes this server's {@code /metrics} every second with the repository's rules loaded, after the
 * server accepted and stored a few events; then every expression the rules and the Grafana dashboard use must return a
 * series. A renamed metric, a label the server does not write or a recording rule nothing feeds returns none; a
 * quantile left in nanoseconds shows as hours.
 */
class PrometheusScrapeIT extends OnPayaraMicro {

    private static final Path DASHBOARD = Path.of("..", "server-config", "grafana", "dashboards", "notifications.json");
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final Duration AGAIN_FOR = Duration.ofSeconds(10);
    /** Longer than any acceptance-to-commit or confirm time of this test: a quantile in nanoseconds is far above. */
    private static final double MOST_SECONDS = 60;

    private static PrometheusServer prometheus;

    @BeforeEach
    void scrapeTheServerThatStoredEvents() throws Exception {
        if (prometheus != null) {
            return;
        }
        prometheus = PrometheusServer.scraping(deploymentUrl.getHost() + ":" + deploymentUrl.getPort(), "/metrics",
                PrometheusRulesTest.RULES);
        prometheus.awaitReady(WITHIN);
        awaitValue("up{job=\"" + PrometheusServer.JOB + "\"} == 1");

        for (int i = 0; i < 3; i++) {
            UUID eventId = acceptedEventId(api.post(SampleEvents.welcome(null)));
            database.awaitStored(eventId, WITHIN);
        }
        // the counters moved under Prometheus' eyes, and the recording rules saw it
        awaitValue("job:notifications_events_stored:rate5m > 0");
        awaitValue("instance:notifications_events_accept_to_commit_seconds:p99 > 0");
        awaitValue("job:notifications_events_backlog_growth:rate5m");
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.close();
            prometheus = null;
        }
    }

    @Test
    void theRulesLoadAndEvaluateWithoutErrors() {
        JsonObject groups = Eventually.within(WITHIN, prometheus::rules, PrometheusScrapeIT::everyRuleEvaluated);

        List<String> names = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonObject rule : rules(groups)) {
            names.add(rule.getString("name"));
            if (!"ok".equals(rule.getString("health"))) {
                problems.add(rule.getString("name") + ": " + rule.getString("health") + " " + rule.getString("lastError", ""));
            }
        }
        assertTrue(problems.isEmpty(), () -> "rules that failed: " + problems);
        assertTrue(names.containsAll(List.of("NotificationsInstanceDown", "NotificationsHealthDown", "NotificationsApiUnavailable",
                "NotificationsConsumerNotConsuming", "NotificationsBacklogGrowing", "NotificationsAcceptToCommitSlow",
                "NotificationsEventsParked", "NotificationsCopiesRefused")), "loaded: " + names);
    }

    /**
     * An alert's expression is empty while nothing is wrong: it is asked with its comparisons as {@code bool} ones,
     * which return every series compared, as 0 or 1. A recording rule is asked for its expression and for the series
     * it recorded.
     */
    @Test
    void everyExpressionOfTheRulesReturnsASeries() throws InterruptedException {
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonObject rule : rules(prometheus.rules())) {
            String query = rule.getString("query");
            if ("recording".equals(rule.getString("type"))) {
                expressions.put(rule.getString("name") + " (its expression)", query);
                expressions.put(rule.getString("name") + " (recorded)", rule.getString("name"));
            } else {
                expressions.put(rule.getString("name"), Comparisons.asBool(query));
            }
        }

        assertEveryOneReturnsASeries(expressions);
    }

    @Test
    void everyExpressionOfTheDashboardReturnsASeriesInItsUnit() throws IOException, InterruptedException {
        Map<String, String> expressions = new LinkedHashMap<>();
        Map<String, String> inSeconds = new LinkedHashMap<>();
        for (JsonObject panel : panels(dashboard())) {
            String unit = panel.getJsonObject("fieldConfig").getJsonObject("defaults").getString("unit", "");
            for (JsonObject target : panel.getJsonArray("targets").getValuesAs(JsonObject.class)) {
                String name = panel.getString("title") + " (" + target.getString("refId") + ")";
                String expression = withGrafanaVariables(target.getString("expr"));
                expressions.put(name, expression);
                if (unit.equals("s")) {
                    inSeconds.put(name, expression);
                }
            }
        }

        assertEveryOneReturnsASeries(expressions);
        inSeconds.forEach((name, expression) -> {
            for (JsonValue series : prometheus.query(expression).getJsonArray("result")) {
                String value = series.asJsonObject().getJsonArray("value").getString(1);
                assertTrue(value.equals("NaN") || Double.parseDouble(value) < MOST_SECONDS,
                        () -> name + ": " + value + " s, in seconds? " + expression);
            }
        });
    }

    @Test
    void theDashboardsInstanceChoicesAreTheScrapedServers() throws IOException {
        JsonObject instance = dashboard().getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class).stream()
                .filter(variable -> variable.getString("name").equals("instance")).findFirst().orElseThrow();
        String definition = instance.getString("definition");
        assertTrue(definition.matches("label_values\\([a-z_]+, instance\\)"), definition);
        String metric = definition.substring("label_values(".length(), definition.indexOf(','));

        assertEquals(List.of(deploymentUrl.getHost() + ":" + deploymentUrl.getPort()), prometheus.labelValues("instance", metric));
    }

    /** Asks again for a few seconds what returned nothing: a rule evaluation may be under way. */
    private static void assertEveryOneReturnsASeries(Map<String, String> expressions) throws InterruptedException {
        Map<String, String> waiting = new LinkedHashMap<>(expressions);
        long deadline = System.nanoTime() + AGAIN_FOR.toNanos();
        for (int round = 0; ; round++) {
            boolean again = round > 0;
            waiting.entrySet().removeIf(entry -> {
                boolean found = prometheus.seriesOf(entry.getValue()) > 0;
                if (found && again) {
                    System.out.println("PrometheusScrapeIT: " + entry.getKey() + " returned a series only when asked again");
                }
                return found;
            });
            if (waiting.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        List<String> empty = new ArrayList<>();
        waiting.forEach((name, expression) -> empty.add(name + ": " + expression));
        assertTrue(empty.isEmpty(), () -> empty.size() + " of " + expressions.size() + " expressions returned no series:\n"
                + String.join("\n", empty));
    }

    private static void awaitValue(String promql) {
        Eventually.within(WITHIN, () -> prometheus.seriesOf(promql), series -> series > 0);
    }

    private static boolean everyRuleEvaluated(JsonObject groups) {
        List<JsonObject> rules = rules(groups);
        return !rules.isEmpty() && rules.stream().noneMatch(rule -> rule.getString("health").equals("unknown"));
    }

    private static List<JsonObject> rules(JsonObject groups) {
        List<JsonObject> rules = new ArrayList<>();
        for (JsonObject group : groups.getJsonArray("groups").getValuesAs(JsonObject.class)) {
            rules.addAll(group.getJsonArray("rules").getValuesAs(JsonObject.class));
        }
        return rules;
    }

    private static JsonObject dashboard() throws IOException {
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(DASHBOARD))) {
            return reader.readObject();
        }
    }

    /** The panels with queries, those inside collapsed rows too. */
    private static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> panels = new ArrayList<>();
        for (JsonObject panel : dashboard.getJsonArray("panels").getValuesAs(JsonObject.class)) {
            if (panel.containsKey("targets")) {
                panels.add(panel);
            }
            if (panel.containsKey("panels")) {
                panels.addAll(panels(panel));
            }
        }
        return panels;
    }

    /** What Grafana puts for its variables: a rate window of 1 minute, every instance. */
    private static String withGrafanaVariables(String expression) {
        String query = expression.replace("$__rate_interval", "1m").replaceAll("\\$\\{?instance}?", ".*");
        assertTrue(!query.contains("$"), () -> "a Grafana variable this test does not know: " + expression);
        return query;
    }
}
