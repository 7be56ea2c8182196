package io.notifications.api.observability;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Prometheus, run by a test: it scrapes one server every second with the repository's rules loaded, keeps its
 * data in a temporary directory, listens on a free port of 127.0.0.1 and writes its log to {@code target/}. Closing it
 * stops the process, forcibly when it does not stop in 10 s, and deletes its data.
 */
final class PrometheusServer implements AutoCloseable {

    /** The scrape job's name, which {@code NotificationsInstanceDown} reads. */
    static final String JOB = "notifications";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI api;
    private final Path log;
    private final Path home;

    private PrometheusServer(Process process, URI api, Path log, Path home) {
        this.process = process;
        this.api = api;
        this.log = log;
        this.home = home;
    }

    /** Starts Prometheus scraping {@code target} (host:port) at {@code metricsPath}, with the rules of {@code rules}. */
    static PrometheusServer scraping(String target, String metricsPath, Path rules) throws IOException {
        Path home = Files.createTempDirectory("prometheus-it");
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - '" + rules.toAbsolutePath().normalize() + "'",
                "scrape_configs:",
                "  - job_name: " + JOB,
                "    metrics_path: " + metricsPath,
                "    static_configs:",
                "      - targets: ['" + target + "']",
                ""));
        int port = freePort();
        Path log = Path.of("target", "prometheus-it.log").toAbsolutePath();
        Process process = new ProcessBuilder(PrometheusInstallation.server().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer prometheus = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log, home);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return prometheus;
    }

    /** Waits until Prometheus answers ready, or fails with its log. */
    void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus stopped (exit " + process.exitValue() + "):\n" + log());
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(api.resolve("/-/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus was not ready within " + within + ":\n" + log());
    }

    /** {@code GET /api/v1/query}: the answer's {@code data}, after checking that the query succeeded. */
    JsonObject query(String promql) {
        return data("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The series an instant query returns. */
    int seriesOf(String promql) {
        return query(promql).getJsonArray("result").size();
    }

    /** {@code GET /api/v1/rules}: the rule groups as Prometheus loaded and last evaluated them. */
    JsonObject rules() {
        return data("/api/v1/rules");
    }

    /** {@code GET /api/v1/label/<label>/values?match[]=<selector>}: a template variable's choices. */
    List<String> labelValues(String label, String selector) {
        return data("/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8))
                .getJsonArray("values").getValuesAs(jakarta.json.JsonString::getString);
    }

    private JsonObject data(String pathAndQuery) {
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(api + pathAndQuery))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            JsonObject body;
            try (JsonReader reader = Json.createReader(new StringReader(answer.body()))) {
                body = reader.readObject();
            }
            if (answer.statusCode() != 200 || !"success".equals(body.getString("status", ""))) {
                throw new AssertionError("GET " + pathAndQuery + " answered " + answer.statusCode() + ": " + answer.body());
            }
            // the rules endpoint answers {"data": {"groups": ...}}; the label values endpoint {"data": [...]}
            return body.get("data") instanceof JsonObject object ? object
                    : Json.createObjectBuilder().add("values", body.getJsonArray("data")).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
