import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paced load of unique events for the fault-injection run (bench/faults.sh). A JDK 17 single-file program:
 *
 * <pre>java bench/FaultLoad.java --url http://127.0.0.1:8100 --rate 200 --duration 75 --out DIR [options]</pre>
 *
 * <p>{@code --url} may list several instances, comma-separated (bench/cluster.sh): the events go to them in turn,
 * round-robin, whether or not an instance answers.
 *
 * <p>Sends {@code rate} events a second, each with its own {@code event_id}, for at least {@code duration} seconds
 * and until the file {@code --stop-file} exists (never longer than {@code --max-duration}). Requests are sent
 * asynchronously with at most {@code --max-in-flight} waiting, so the rate holds while some of them wait; a send that
 * would exceed the limit is not made and is counted as {@code skipped}.
 *
 * <p>Writes to {@code --out}: {@code outcomes.tsv} (every event: id, outcome, status, sent and answered in ms since
 * the start), {@code accepted.txt} (the ids answered 202), {@code timeline.csv} (outcomes per second of sending) and
 * {@code load-summary.json} (counts, the answers by status and content type, and the longest stretch during which every
 * answer was an error), and {@code outside-contract.tsv} (every answer outside the contract, see {@link #outsideContract}).
 */
public class FaultLoad {

    /** What became of one request. */
    enum Kind {
        ACCEPTED("202"), UNAVAILABLE("503"), OTHER_STATUS("other_status"), REFUSED("connection_refused"),
        IO_ERROR("io_error"), TIMEOUT("timeout"), SKIPPED("skipped");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    record Outcome(UUID eventId, Kind kind, int status, long sentMillis, long answeredMillis) {
    }

    private final List<URI> endpoints;
    private final double rate;
    private final Duration minDuration;
    private final Duration maxDuration;
    private final Path stopFile;
    private final Path out;
    private final int maxInFlight;
    private final Duration timeout;

    private final ExecutorService callbacks = Executors.newFixedThreadPool(2);
    private final HttpClient client;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLongArray acceptedPerEndpoint;
    private final Map<String, String> firstErrorText = new java.util.concurrent.ConcurrentHashMap<>();
    /** Answers by "status content-type" (the media type without parameters, "none" without the header). */
    // The 503s by their message, with numbers and addresses folded, so that a run says why it was refused.
    private final Map<String, java.util.concurrent.atomic.LongAdder> unavailableBecause =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.LongAdder> answers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> outsideContract = new ConcurrentLinkedQueue<>();
    private long startNanos;

    FaultLoad(Map<String, String> options) {
        endpoints = java.util.Arrays.stream(options.getOrDefault("url", "http://127.0.0.1:8100").split(","))
                .map(url -> URI.create(url.strip() + "/api/events"))
                .toList();
        rate = Double.parseDouble(options.getOrDefault("rate", "200"));
        minDuration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "75")));
        maxDuration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("max-duration",
                String.valueOf(minDuration.toSeconds() * 3))));
        stopFile = options.containsKey("stop-file") ? Path.of(options.get("stop-file")) : null;
        out = Path.of(options.getOrDefault("out", "."));
        maxInFlight = Integer.parseInt(options.getOrDefault("max-in-flight", "2000"));
        timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout", "10")));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        acceptedPerEndpoint = new java.util.concurrent.atomic.AtomicLongArray(endpoints.size());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new FaultLoad(options).run();
        System.exit(0); // the HTTP client's threads must not keep the JVM alive
    }

    void run() throws IOException, InterruptedException {
        Files.createDirectories(out);
        log("sending %.0f events/s to %s for at least %d s (at most %d s), at most %d in flight, timeout %d s",
                rate, endpoints.size() == 1 ? endpoints.get(0) : "round-robin " + endpoints, minDuration.toSeconds(),
                maxDuration.toSeconds(), maxInFlight, timeout.toSeconds());
        startNanos = System.nanoTime();
        // faults.sh reads this line to place its faults on the load's time axis.
        log("started at epoch_ms=%d", System.currentTimeMillis());
        long sent = 0;
        long nextReport = 10_000;
        while (true) {
            long now = millisSinceStart();
            if (now >= maxDuration.toMillis()
                    || (now >= minDuration.toMillis() && (stopFile == null || Files.exists(stopFile)))) {
                break;
            }
            long due = (long) (rate * now / 1000.0);
            for (; sent < due; sent++) {
                send(sent);
            }
            if (now >= nextReport) {
                report(now);
                nextReport += 10_000;
            }
            Thread.sleep(5);
        }
        long sendingMillis = millisSinceStart();
        log("stopped sending after %.1f s; waiting for %d answers", sendingMillis / 1000.0, inFlight.get());
        long deadline = System.nanoTime() + timeout.plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (inFlight.get() > 0) {
            log("%d requests never completed (not even by their timeout)", inFlight.get());
        }
        write(sendingMillis, sent);
    }

    private void send(long sequence) {
        UUID eventId = UUID.randomUUID();
        long sentAt = millisSinceStart();
        if (inFlight.get() >= maxInFlight) {
            outcomes.add(new Outcome(eventId, Kind.SKIPPED, 0, sentAt, sentAt));
            return;
        }
        inFlight.incrementAndGet();
        int target = (int) (sequence % endpoints.size());
        HttpRequest request = HttpRequest.newBuilder(endpoints.get(target))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(eventId, sequence)))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenCompleteAsync((response, failure) -> {
                    try {
                        Outcome outcome = classify(eventId, sentAt, response, failure);
                        outcomes.add(outcome);
                        if (outcome.kind() == Kind.ACCEPTED) {
                            acceptedPerEndpoint.incrementAndGet(target);
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }, callbacks);
    }

    private static String body(UUID eventId, long sequence) {
        return "{\"event_id\":\"" + eventId + "\",\"user_id\":\"" + new UUID(0x0fa017L, sequence % 97)
                + "\",\"event_type\":\"fault_run\",\"message\":\"event " + sequence
                + "\",\"payload\":{\"sequence\":" + sequence + "}}";
    }

    private Outcome classify(UUID eventId, long sentAt, HttpResponse<String> response, Throwable failure) {
        long answeredAt = millisSinceStart();
        if (failure == null) {
            int status = response.statusCode();
            String type = mediaType(response);
            answers.computeIfAbsent(status + " " + type, key -> new java.util.concurrent.atomic.LongAdder()).increment();
            String breach = outsideContract(status, type, response.headers().firstValue("Retry-After").isPresent(),
                    response.body());
            if (breach != null) {
                outsideContract.add(String.format("%d\t%d\t%s\t%s\t%s", sentAt, answeredAt, status, type, breach));
                firstErrorText.putIfAbsent(status + " " + type, truncate(response.body()));
            }
            Kind kind;
            if (status == 202 && response.body().contains(eventId.toString())) {
                kind = Kind.ACCEPTED;
            } else if (status == 503) {
                kind = Kind.UNAVAILABLE;
                unavailableBecause.computeIfAbsent(reason(response.body()), key -> new java.util.concurrent.atomic.LongAdder())
                        .increment();
            } else {
                kind = Kind.OTHER_STATUS;
                firstErrorText.putIfAbsent("status " + status, truncate(response.body()));
            }
            return new Outcome(eventId, kind, status, sentAt, answeredAt);
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        Kind kind;
        if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException) {
            kind = Kind.REFUSED; // never reached the server: it was not listening
        } else if (cause instanceof HttpTimeoutException) {
            kind = Kind.TIMEOUT;
        } else {
            kind = Kind.IO_ERROR; // reached the server, then the connection broke: the event may have been accepted
        }
        firstErrorText.putIfAbsent(kind.label, cause.getClass().getName() + ": " + truncate(cause.getMessage()));
        return new Outcome(eventId, kind, 0, sentAt, answeredAt);
    }

    /**
     * Why an answer to {@code POST /api/events} is outside the API's contract, or null when it is in it. The contract:
     * every answer is JSON with a body (never Payara's HTML page, never an empty body), never a 404 (the path is
     * known; a 404 tells a client to give up), and a 503 always says when to come back ({@code Retry-After}). No answer
     * at all (connection refused, a broken connection, a timeout) is not judged here: it is counted by kind.
     */
    static String outsideContract(int status, String mediaType, boolean retryAfter, String body) {
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        if (!mediaType.equals("application/json")) {
            return "not JSON";
        }
        if (status == 404) {
            return "404 for a known path";
        }
        if (status == 503 && !retryAfter) {
            return "503 without Retry-After";
        }
        return null;
    }

    private static String mediaType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type")
                .map(value -> value.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT))
                .filter(value -> !value.isEmpty())
                .orElse("none");
    }

    private void report(long now) {
        Map<Kind, Integer> counts = new java.util.EnumMap<>(Kind.class);
        for (Outcome outcome : outcomes) {
            counts.merge(outcome.kind(), 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder();
        counts.forEach((kind, count) -> line.append(' ').append(kind.label).append('=').append(count));
        log("t=%3d s in flight %4d:%s", now / 1000, inFlight.get(), line);
    }

    private void write(long sendingMillis, long sent) throws IOException {
        List<Outcome> all = new ArrayList<>(outcomes);
        all.sort(Comparator.comparingLong(Outcome::answeredMillis));
        Map<Kind, Long> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0L);
        }
        try (PrintWriter tsv = writer("outcomes.tsv"); PrintWriter accepted = writer("accepted.txt")) {
            for (Outcome outcome : all) {
                counts.merge(outcome.kind(), 1L, Long::sum);
                tsv.printf("%s\t%s\t%d\t%d\t%d%n", outcome.eventId(), outcome.kind().label, outcome.status(),
                        outcome.sentMillis(), outcome.answeredMillis());
                if (outcome.kind() == Kind.ACCEPTED) {
                    accepted.println(outcome.eventId());
                }
            }
        }
        writeTimeline(all);
        List<String> breaches = new ArrayList<>(outsideContract);
        breaches.sort(Comparator.comparingLong(line -> Long.parseLong(line.substring(0, line.indexOf('\t')))));
        try (PrintWriter tsv = writer("outside-contract.tsv")) {
            tsv.println("sent_ms\tanswered_ms\tstatus\tcontent_type\twhy");
            breaches.forEach(tsv::println);
        }
        Map<String, Long> breachesByWhy = new TreeMap<>();
        for (String line : breaches) {
            String[] fields = line.split("\t");
            breachesByWhy.merge(fields[2] + " " + fields[3] + ": " + fields[4], 1L, Long::sum);
        }
        long[] stretch = longestAllErrorStretch(all);
        long unanswered = sent - all.size();
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format("  \"rate_per_s\": %.1f,%n", rate));
        json.append(String.format("  \"sending_s\": %.1f,%n", sendingMillis / 1000.0));
        json.append(String.format("  \"achieved_rate_per_s\": %.1f,%n", sent * 1000.0 / Math.max(1, sendingMillis)));
        json.append(String.format("  \"max_in_flight\": %d,%n", maxInFlight));
        json.append(String.format("  \"timeout_s\": %d,%n", timeout.toSeconds()));
        json.append(String.format("  \"sent\": %d,%n", sent));
        counts.forEach((kind, count) -> json.append(String.format("  \"%s\": %d,%n", kind.label, count)));
        json.append(String.format("  \"unanswered\": %d,%n", unanswered));
        json.append("  \"answers_by_status_and_type\": ").append(jsonCounts(new TreeMap<>(answers.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))))).append(",\n");
        json.append("  \"unavailable_by_message\": ").append(jsonCounts(new TreeMap<>(unavailableBecause.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()))))).append(",\n");
        json.append(String.format("  \"outside_contract\": %d,%n", breaches.size()));
        json.append("  \"outside_contract_by_answer\": ").append(jsonCounts(breachesByWhy)).append(",\n");
        if (!breaches.isEmpty()) {
            json.append(String.format("  \"outside_contract_from_s\": %.1f,%n",
                    Long.parseLong(breaches.get(0).split("\t")[0]) / 1000.0));
            json.append(String.format("  \"outside_contract_to_s\": %.1f,%n",
                    Long.parseLong(breaches.get(breaches.size() - 1).split("\t")[0]) / 1000.0));
        }
        if (endpoints.size() > 1) { // several instances: how many each accepted
            json.append("  \"accepted_per_url\": {");
            for (int i = 0; i < endpoints.size(); i++) {
                json.append(i == 0 ? "" : ", ").append('"').append(jsonEscape(endpoints.get(i).toString()))
                        .append("\": ").append(acceptedPerEndpoint.get(i));
            }
            json.append("},\n");
        }
        json.append(String.format("  \"longest_all_error_s\": %.1f,%n", (stretch[1] - stretch[0]) / 1000.0));
        json.append(String.format("  \"longest_all_error_from_s\": %.1f,%n", stretch[0] / 1000.0));
        json.append(String.format("  \"longest_all_error_to_s\": %.1f,%n", stretch[1] / 1000.0));
        json.append(String.format("  \"longest_all_error_answers\": %d,%n", stretch[2]));
        json.append("  \"first_error_texts\": {");
        String separator = "\n";
        for (var entry : new TreeMap<>(firstErrorText).entrySet()) {
            json.append(separator).append("    \"").append(jsonEscape(entry.getKey())).append("\": \"")
                    .append(jsonEscape(entry.getValue())).append('"');
            separator = ",\n";
        }
        json.append("\n  }\n}\n");
        Files.writeString(out.resolve("load-summary.json"), json, StandardCharsets.UTF_8);
        log("503 by message: %s", new TreeMap<>(unavailableBecause));
        log("answers by status and content type: %s; outside the contract: %d %s", answers.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().sum()).sorted().toList(), breaches.size(), breachesByWhy);
        log("sent %d:%s unanswered=%d; longest all-error stretch %.1f s (t=%.1f..%.1f s, %d answers)", sent,
                counts.entrySet().stream().map(e -> " " + e.getKey().label + "=" + e.getValue())
                        .reduce("", String::concat),
                unanswered, (stretch[1] - stretch[0]) / 1000.0, stretch[0] / 1000.0, stretch[1] / 1000.0, stretch[2]);
    }

    /**
     * The longest time without a 202 during which answers did come and every one was an error: from the last 202
     * before the first of those errors (or the start) to the next 202 (or the last answer). Skipped sends are no
     * answers. Returns {from ms, to ms, number of error answers}.
     */
    static long[] longestAllErrorStretch(List<Outcome> byAnswerTime) {
        long[] longest = {0, 0, 0};
        long lastSuccess = 0;
        long errors = 0;
        long lastAnswer = 0;
        for (Outcome outcome : byAnswerTime) {
            if (outcome.kind() == Kind.SKIPPED) {
                continue;
            }
            lastAnswer = outcome.answeredMillis();
            if (outcome.kind() == Kind.ACCEPTED) {
                if (errors > 0 && lastAnswer - lastSuccess > longest[1] - longest[0]) {
                    longest = new long[] {lastSuccess, lastAnswer, errors};
                }
                lastSuccess = lastAnswer;
                errors = 0;
            } else {
                errors++;
            }
        }
        if (errors > 0 && lastAnswer - lastSuccess > longest[1] - longest[0]) {
            longest = new long[] {lastSuccess, lastAnswer, errors};
        }
        return longest;
    }

    private void writeTimeline(List<Outcome> all) throws IOException {
        TreeMap<Long, long[]> perSecond = new TreeMap<>();
        for (Outcome outcome : all) {
            perSecond.computeIfAbsent(outcome.sentMillis() / 1000, s -> new long[Kind.values().length])
                    [outcome.kind().ordinal()]++;
        }
        try (PrintWriter csv = writer("timeline.csv")) {
            StringBuilder header = new StringBuilder("second_sent");
            for (Kind kind : Kind.values()) {
                header.append(',').append(kind.label);
            }
            csv.println(header);
            perSecond.forEach((second, counts) -> {
                StringBuilder row = new StringBuilder(String.valueOf(second));
                for (long count : counts) {
                    row.append(',').append(count);
                }
                csv.println(row);
            });
        }
    }

    private PrintWriter writer(String name) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8));
    }

    private long millisSinceStart() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }

    private static final java.util.regex.Pattern MESSAGE =
            java.util.regex.Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A 503's message, its numbers, ids and addresses replaced by {@code #}, at most 120 characters. */
    static String reason(String body) {
        java.util.regex.Matcher message = MESSAGE.matcher(body == null ? "" : body);
        String text = message.find() ? message.group(1) : "(no message)";
        text = text.replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}", "#").replaceAll("[0-9]+(\\.[0-9]+)*(:[0-9]+)?", "#");
        return text.length() > 120 ? text.substring(0, 120) : text;
    }

    private static String jsonCounts(Map<String, Long> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((key, count) -> json.append(json.length() == 1 ? "" : ", ")
                .append('"').append(jsonEscape(key)).append("\": ").append(count));
        return json.append('}').toString();
    }

    private static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static void log(String format, Object... args) {
        System.out.printf("%s load: %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
        System.out.flush();
    }
}
