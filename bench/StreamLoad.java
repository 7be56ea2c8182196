import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Live streams under load, for bench/streams.sh and bench/cluster.sh. A JDK 17 single-file program:
 *
 * <pre>java bench/StreamLoad.java --url http://127.0.0.1:8301 --streams 1000 --rate 1000 --duration 60 --out DIR</pre>
 *
 * <p>Opens one stream ({@code GET /api/users/{user}/events/stream}, HTTP/1.1, one connection each) for each of
 * {@code --streams} users and waits until every one has sent its {@code : open} comment. Then, once the file
 * {@code --go-file} exists (at once without it), it posts {@code --rate} events a second for {@code --duration}
 * seconds, event i for user i mod N: an open loop, each send scheduled at start + i / rate and never waiting for an
 * earlier answer (at most {@code --max-in-flight} unanswered; a send beyond it is skipped and counted). The posts go
 * out on {@code --connections} keep-alive connections per URL (default 32), one request at a time each: an event
 * scheduled while all are busy waits for one, and that wait counts in its delays, which start at the schedule. It waits for
 * the answers, then until every event answered 202 has arrived on its user's stream, or {@code --grace} seconds pass,
 * and prints {@code LOAD DONE}. With {@code --hold-file}, it keeps the streams open until that file exists (another
 * measurement runs meanwhile), then closes them and writes its results.
 *
 * <p>{@code --streams 0} posts the same load to {@code --users} users without streams: the baseline of what the load
 * costs without them. {@code --stream-urls} and {@code --post-urls} (comma-separated, default {@code --url}) put the
 * stream of user i on the (i mod k)-th stream URL and post its events to the (i mod m)-th post URL: bench/cluster.sh
 * opens streams on one instance for users whose events it posts to the other.
 *
 * <p>For every message it records the client's receive time (the wall clock, microseconds) against the event's
 * {@code processed_at} (in the message's data: when the consumer wrote the row, just before its commit; the same
 * machine's clock), the 202's arrival and the send. Writes to {@code --out}: {@code stream-summary.json} (counts,
 * delays, per-second timeline), {@code received.txt} (every event id received, once per receipt, with its stream's
 * user and URL) and {@code accepted.txt} (the ids answered 202, with their user and the URL they were posted to), tab
 * separated.
 */
public class StreamLoad {

    /** One posted event and what became of it. */
    static final class Posted {
        final UUID id;
        final int user;
        final long sentMicros;
        long sequence;
        volatile long writtenMicros;
        volatile long answeredMicros;
        volatile int status; // 0 unanswered, -1 no answer (I/O error, timeout), else the HTTP status
        volatile long receivedMicros;
        volatile long processedMicros;
        final AtomicInteger receipts = new AtomicInteger();

        Posted(UUID id, int user, long sentMicros) {
            this.id = id;
            this.user = user;
            this.sentMicros = sentMicros;
        }
    }

    private final List<URI> streamUrls;
    private final List<URI> postUrls;
    private final int streams;
    private final int users;
    private final double rate;
    private final int duration;
    private final Path out;
    private final Path goFile;
    private final Path holdFile;
    private final int grace;
    private final int maxInFlight;
    private final int openPerSecond;
    private final String eventType;
    private final UUID[] userIds;

    private final HttpClient streamClient;
    private final int connections;
    private final List<java.util.concurrent.BlockingQueue<Posted>> outboxes = new ArrayList<>();
    private volatile boolean postersStop;
    private final Map<UUID, Posted> posted = new ConcurrentHashMap<>();
    private final List<Posted> inOrder = new ArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger endedByServer = new AtomicInteger();
    private final AtomicLong overflows = new AtomicLong();
    private final AtomicLong keepAlives = new AtomicLong();
    private final AtomicLong wrongStream = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong receiptsTotal = new AtomicLong();
    private final Map<String, String> firstErrors = new ConcurrentHashMap<>();
    private final List<Reader> readers = new ArrayList<>();
    private volatile boolean closing;
    private long loadStartMicros;
    private long loadDoneMicros;

    StreamLoad(Map<String, String> options) {
        String url = options.getOrDefault("url", "http://127.0.0.1:8301");
        streamUrls = urls(options.getOrDefault("stream-urls", url));
        postUrls = urls(options.getOrDefault("post-urls", url));
        streams = Integer.parseInt(options.getOrDefault("streams", "1000"));
        users = streams > 0 ? streams : Integer.parseInt(options.getOrDefault("users", "1000"));
        rate = Double.parseDouble(options.getOrDefault("rate", "1000"));
        duration = Integer.parseInt(options.getOrDefault("duration", "60"));
        out = Path.of(options.getOrDefault("out", "."));
        goFile = options.containsKey("go-file") ? Path.of(options.get("go-file")) : null;
        holdFile = options.containsKey("hold-file") ? Path.of(options.get("hold-file")) : null;
        grace = Integer.parseInt(options.getOrDefault("grace", "30"));
        maxInFlight = Integer.parseInt(options.getOrDefault("max-in-flight", "2000"));
        openPerSecond = Integer.parseInt(options.getOrDefault("open-rate", "500"));
        eventType = options.getOrDefault("event-type", "stream_bench");
        userIds = new UUID[users];
        for (int i = 0; i < users; i++) {
            userIds[i] = UUID.randomUUID();
        }
        // The streams on java.net.http, one connection each; the posts on plain sockets (Poster).
        streamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
        connections = Integer.parseInt(options.getOrDefault("connections", "32"));
        for (URI base : postUrls) {
            java.util.concurrent.BlockingQueue<Posted> outbox = new java.util.concurrent.LinkedBlockingQueue<>();
            outboxes.add(outbox);
            for (int i = 0; i < connections; i++) {
                Thread poster = new Thread(new Poster(base, outbox), "poster-" + i);
                poster.setDaemon(true);
                poster.start();
            }
        }
    }

    private static List<URI> urls(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        int status = new StreamLoad(options).run();
        System.exit(status); // the HTTP clients' threads must not keep the JVM alive
    }

    int run() throws IOException, InterruptedException {
        Files.createDirectories(out);
        long openStarted = System.nanoTime();
        if (streams > 0) {
            openStreams();
        }
        double openSeconds = (System.nanoTime() - openStarted) / 1e9;
        if (opened.get() < streams) {
            log("FAILED: only %d of %d streams opened within 120 s: %s", opened.get(), streams, firstErrors);
            writeSummary(openSeconds, 0, 0, 0);
            return 2;
        }
        log("OPEN %d streams in %.1f s", opened.get(), openSeconds);
        if (goFile != null) {
            while (!Files.exists(goFile)) {
                Thread.sleep(20);
            }
        }
        loadStartMicros = nowMicros();
        log("LOAD START epoch_ms=%d: %.0f events/s over %d users for %d s", loadStartMicros / 1000, rate, users, duration);
        long[] sending = send();
        long sendingNanos = sending[0];
        long maxLagNanos = sending[1];
        long skipped = sending[2];
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (streams > 0) {
            long waitUntil = System.nanoTime() + Duration.ofSeconds(grace).toNanos();
            while (missing() > 0 && System.nanoTime() < waitUntil) {
                Thread.sleep(200);
            }
        }
        loadDoneMicros = nowMicros();
        postersStop = true;
        log("LOAD DONE epoch_ms=%d: sent %d in %.1f s, %d answered 202%s", loadDoneMicros / 1000, inOrder.size(),
                sendingNanos / 1e9, accepted(), streams > 0 ? ", " + missing() + " missing on the streams" : "");
        if (holdFile != null) {
            while (!Files.exists(holdFile)) {
                Thread.sleep(50);
            }
            log("HOLD OVER: %d streams still open", openNow());
        }
        closing = true;
        int stillOpen = openNow();
        readers.forEach(Reader::cancel);
        writeSummary(openSeconds, sendingNanos, maxLagNanos, skipped);
        log("closed %d streams; results in %s", stillOpen, out.resolve("stream-summary.json"));
        return 0;
    }

    // ------------------------------------------------------------------------------------------------- streams
    private void openStreams() throws InterruptedException {
        long started = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            // paced: openPerSecond connections a second, so that the server's accept queue never overflows
            long due = started + (long) (i * 1e9 / openPerSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Reader reader = new Reader(i);
            readers.add(reader);
            URI base = streamUrls.get(i % streamUrls.size());
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/users/" + userIds[i] + "/events/stream"))
                    .header("Accept", "text/event-stream").GET().build();
            streamClient.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(reader))
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            reader.failed(failure);
                        } else if (response.statusCode() != 200) {
                            firstErrors.putIfAbsent("stream status " + response.statusCode(), "");
                        }
                    });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (opened.get() < streams && System.nanoTime() < deadline && endedByServer.get() == 0) {
            Thread.sleep(20);
        }
    }

    private int openNow() {
        int n = 0;
        for (Reader reader : readers) {
            if (reader.open && !reader.ended) {
                n++;
            }
        }
        return n;
    }

    /** One stream's lines, parsed as they come: the receive time is taken on the line's arrival. */
    final class Reader implements Flow.Subscriber<String> {
        final int user;
        volatile Flow.Subscription subscription;
        volatile boolean open;
        volatile boolean ended;
        private String eventName;

        Reader(int user) {
            this.user = user;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = nowMicros();
            if (line.isEmpty()) {
                eventName = null;
            } else if (line.charAt(0) == ':') {
                if (line.contains("open")) {
                    if (!open) {
                        open = true;
                        opened.incrementAndGet();
                    }
                } else {
                    keepAlives.incrementAndGet();
                }
            } else if (line.startsWith("event:")) {
                eventName = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if ("overflow".equals(eventName)) {
                    overflows.incrementAndGet();
                    firstErrors.putIfAbsent("overflow", line);
                } else if ("notification".equals(eventName)) {
                    received(this, line, now);
                }
            }
        }

        void failed(Throwable failure) {
            if (!closing) {
                firstErrors.putIfAbsent("stream " + failure.getClass().getSimpleName(), String.valueOf(failure.getMessage()));
            }
            end();
        }

        @Override
        public void onError(Throwable failure) {
            failed(failure);
        }

        @Override
        public void onComplete() {
            end();
        }

        private void end() {
            if (!ended) {
                ended = true;
                if (!closing) {
                    endedByServer.incrementAndGet();
                }
            }
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    private final ConcurrentHashMap<Integer, List<String>> receivedLines = new ConcurrentHashMap<>();

    private void received(Reader reader, String data, long now) {
        receiptsTotal.incrementAndGet();
        UUID id = uuidAfter(data, "\"event_id\":\"");
        Posted event = id == null ? null : posted.get(id);
        if (id != null) {
            receivedLines.computeIfAbsent(reader.user, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(id + "\t" + userIds[reader.user] + "\t" + streamUrls.get(reader.user % streamUrls.size()));
        }
        if (event == null) {
            unknown.incrementAndGet();
            return;
        }
        if (event.user != reader.user) {
            wrongStream.incrementAndGet();
            return;
        }
        if (event.receipts.incrementAndGet() == 1) {
            event.processedMicros = instantAfter(data, "\"processed_at\":\"");
            event.receivedMicros = now;
        }
    }

    private static UUID uuidAfter(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0 || at + key.length() + 36 > text.length()) {
            return null;
        }
        try {
            return UUID.fromString(text.substring(at + key.length(), at + key.length() + 36));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long instantAfter(String text, String key) {
        int at = text.indexOf(key);
        if (at < 0) {
            return 0;
        }
        int from = at + key.length();
        int to = text.indexOf('"', from);
        try {
            Instant instant = Instant.parse(text.substring(from, to));
            return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------- load
    /** Sends the events on schedule; returns {sending ns, the largest lag behind the schedule in ns, skipped}. */
    private long[] send() {
        long total = (long) (rate * duration);
        long start = System.nanoTime();
        long maxLag = 0;
        long skipped = 0;
        long nextReport = start + 10_000_000_000L;
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            maxLag = Math.max(maxLag, now - due);
            if (inFlight.get() >= maxInFlight) {
                skipped++;
                continue;
            }
            post(i);
            if (now >= nextReport) {
                log("t=%d s: sent %d, %d in flight, %d answered 202, %d received", (now - start) / 1_000_000_000L,
                        inOrder.size(), inFlight.get(), accepted(), receiptsTotal.get());
                nextReport += 10_000_000_000L;
            }
        }
        return new long[] {System.nanoTime() - start, maxLag, skipped};
    }

    /** Hands the event to the posters of its URL; its send time is now, whether or not a connection is free. */
    private void post(long sequence) {
        int user = (int) (sequence % users);
        UUID id = UUID.randomUUID();
        Posted event = new Posted(id, user, nowMicros());
        event.sequence = sequence;
        posted.put(id, event);
        inOrder.add(event);
        inFlight.incrementAndGet();
        outboxes.get(user % postUrls.size()).add(event);
    }

    /**
     * One keep-alive HTTP/1.1 connection that posts events from its URL's outbox, one at a time: plain blocking
     * sockets, a fraction of what java.net.http costs a request (the client shares the cores with the server).
     */
    final class Poster implements Runnable {
        private final URI base;
        private final java.util.concurrent.BlockingQueue<Posted> outbox;
        private java.net.Socket socket;
        private java.io.InputStream in;
        private java.io.OutputStream out;

        Poster(URI base, java.util.concurrent.BlockingQueue<Posted> outbox) {
            this.base = base;
            this.outbox = outbox;
        }

        @Override
        public void run() {
            while (!postersStop) {
                Posted event;
                try {
                    event = outbox.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (event != null) {
                    send(event);
                }
            }
            close();
        }

        private void send(Posted event) {
            String body = "{\"event_id\":\"" + event.id + "\",\"user_id\":\"" + userIds[event.user] + "\",\"event_type\":\""
                    + eventType + "\",\"message\":\"event " + event.sequence + "\",\"payload\":{\"sequence\":" + event.sequence + "}}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST /api/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            // A kept-alive connection the server closed meanwhile fails at once: once more on a new one (the event id
            // makes a resend safe: it is stored once).
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (socket == null) {
                        socket = new java.net.Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
                        socket.setSoTimeout(10_000);
                        in = new java.io.BufferedInputStream(socket.getInputStream(), 4096);
                        out = socket.getOutputStream();
                    }
                    event.writtenMicros = nowMicros();
                    byte[] request = new byte[head.length + bytes.length];
                    System.arraycopy(head, 0, request, 0, head.length);
                    System.arraycopy(bytes, 0, request, head.length, bytes.length);
                    out.write(request);
                    out.flush();
                    event.status = readResponse();
                    event.answeredMicros = nowMicros();
                    break;
                } catch (IOException e) {
                    close();
                    if (attempt == 1 || e instanceof java.net.SocketTimeoutException) {
                        event.answeredMicros = nowMicros();
                        event.status = -1;
                        firstErrors.putIfAbsent("post " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        break;
                    }
                }
            }
            inFlight.decrementAndGet();
        }

        /** The status of the answer, its body read and dropped; closes the connection when the server says so. */
        private int readResponse() throws IOException {
            String status = line();
            if (status == null || !status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("no HTTP answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = 0;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].strip(), 16); size > 0;
                        size = Long.parseLong(line().split(";")[0].strip(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else {
                skip(length);
            }
            if (closeAfter) {
                close();
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("the answer ended early");
                    }
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("the connection closed");
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
        }
    }

    private long accepted() {
        long n = 0;
        for (Posted event : inOrder) {
            if (event.status == 202) {
                n++;
            }
        }
        return n;
    }

    private long missing() {
        long n = 0;
        for (Posted event : inOrder) {
            if (event.status == 202 && event.receipts.get() == 0) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------------- results
    private void writeSummary(double openSeconds, long sendingNanos, long maxLagNanos, long skipped) throws IOException {
        long sent = inOrder.size();
        Map<String, Long> statuses = new TreeMap<>();
        List<Long> commitToMessage = new ArrayList<>();
        List<Long> acceptedToMessage = new ArrayList<>();
        List<Long> sentToMessage = new ArrayList<>();
        List<Long> sentToAccepted = new ArrayList<>();
        List<Long> waitForConnection = new ArrayList<>();
        // The same delays of the events sent in the second half of the load: after the first minutes of a start, the
        // JIT compiles the stream's code only once streams carry events, so the first seconds are slower.
        long half = loadStartMicros + duration * 500_000L;
        List<Long> lateCommit = new ArrayList<>();
        List<Long> lateAccepted = new ArrayList<>();
        List<Long> lateSent = new ArrayList<>();
        List<Long> lateSentTo202 = new ArrayList<>();
        long acceptedCount = 0;
        long missing = 0;
        long doubled = 0;
        long extra = 0;
        long deliveredNotAccepted = 0;
        long deliveredAfterWait = 0;
        long lastReceived = 0;
        List<Posted> missingSample = new ArrayList<>();
        TreeMap<Long, long[]> perSecond = new TreeMap<>(); // second -> {sent, 202, delivered}
        Map<Long, List<Long>> delaysPerSecond = new TreeMap<>();
        for (Posted event : inOrder) {
            String status = switch (event.status) {
                case 0 -> "unanswered";
                case -1 -> "no_answer";
                default -> String.valueOf(event.status);
            };
            statuses.merge(status, 1L, Long::sum);
            perSecond.computeIfAbsent((event.sentMicros - loadStartMicros) / 1_000_000, s -> new long[3])[0]++;
            int receipts = event.receipts.get();
            if (event.status == 202) {
                acceptedCount++;
                sentToAccepted.add(event.answeredMicros - event.sentMicros);
                waitForConnection.add(event.writtenMicros - event.sentMicros);
                if (event.sentMicros >= half) {
                    lateSentTo202.add(event.answeredMicros - event.sentMicros);
                }
                perSecond.computeIfAbsent((event.answeredMicros - loadStartMicros) / 1_000_000, s -> new long[3])[1]++;
                if (receipts == 0) {
                    missing++;
                    if (missingSample.size() < 20) {
                        missingSample.add(event);
                    }
                }
            } else if (receipts > 0) {
                deliveredNotAccepted++;
            }
            if (receipts > 1) {
                doubled++;
                extra += receipts - 1;
            }
            if (receipts > 0) {
                long second = (event.receivedMicros - loadStartMicros) / 1_000_000;
                perSecond.computeIfAbsent(second, s -> new long[3])[2]++;
                lastReceived = Math.max(lastReceived, event.receivedMicros);
                if (event.receivedMicros > loadDoneMicros) {
                    deliveredAfterWait++;
                }
                if (event.processedMicros > 0) {
                    long delay = event.receivedMicros - event.processedMicros;
                    commitToMessage.add(delay);
                    if (event.sentMicros >= half) {
                        lateCommit.add(delay);
                    }
                    delaysPerSecond.computeIfAbsent(second, s -> new ArrayList<>()).add(delay);
                }
                sentToMessage.add(event.receivedMicros - event.sentMicros);
                if (event.status == 202) {
                    acceptedToMessage.add(event.receivedMicros - event.answeredMicros);
                }
                if (event.sentMicros >= half) {
                    lateSent.add(event.receivedMicros - event.sentMicros);
                    if (event.status == 202) {
                        lateAccepted.add(event.receivedMicros - event.answeredMicros);
                    }
                }
            }
        }
        long delivered = sent == 0 ? 0 : inOrder.stream().filter(e -> e.receipts.get() > 0).count();
        StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"streams\": {\"asked\": %d, \"opened\": %d, \"open_s\": %.1f, "
                        + "\"stream_urls\": %s, \"ended_by_server\": %d, \"overflow_messages\": %d, \"keep_alive_comments\": %d},%n",
                streams, opened.get(), openSeconds, jsonList(streamUrls), endedByServer.get(), overflows.get(), keepAlives.get()));
        json.append(String.format(Locale.ROOT, "  \"load\": {\"users\": %d, \"asked_per_s\": %.1f, \"duration_s\": %d, "
                        + "\"post_urls\": %s, \"sent\": %d, \"sending_s\": %.2f, \"achieved_per_s\": %.1f, "
                        + "\"max_lag_behind_schedule_ms\": %.1f, \"skipped_max_in_flight\": %d, \"answers\": %s, "
                        + "\"connections_per_url\": %d, \"start_epoch_ms\": %d, \"done_epoch_ms\": %d, \"sent_to_202_ms\": %s, "
                        + "\"wait_for_a_connection_ms\": %s},%n",
                users, rate, duration, jsonList(postUrls), sent, sendingNanos / 1e9,
                sendingNanos == 0 ? 0.0 : sent / (sendingNanos / 1e9), maxLagNanos / 1e6, skipped, jsonCounts(statuses),
                connections, loadStartMicros / 1000, loadDoneMicros / 1000, percentiles(sentToAccepted),
                percentiles(waitForConnection)));
        json.append(String.format(Locale.ROOT, "  \"delivery\": {\"expected\": %d, \"delivered\": %d, \"missing\": %d, "
                        + "\"doubled\": %d, \"extra_receipts\": %d, \"wrong_stream\": %d, \"unknown\": %d, "
                        + "\"delivered_not_accepted\": %d, \"delivered_after_wait\": %d, \"receipts\": %d, "
                        + "\"last_received_after_load_start_s\": %.2f, \"missing_sample\": %s},%n",
                acceptedCount, delivered, missing, doubled, extra, wrongStream.get(), unknown.get(), deliveredNotAccepted,
                deliveredAfterWait, receiptsTotal.get(), lastReceived == 0 ? 0.0 : (lastReceived - loadStartMicros) / 1e6,
                missingSample(missingSample)));
        json.append("  \"delay_ms\": {\n");
        json.append("    \"processed_at_to_message\": ").append(percentiles(commitToMessage)).append(",\n");
        json.append("    \"202_to_message\": ").append(percentiles(acceptedToMessage)).append(",\n");
        json.append("    \"sent_to_message\": ").append(percentiles(sentToMessage)).append("\n  },\n");
        json.append("  \"delay_ms_second_half\": {\n");
        json.append("    \"processed_at_to_message\": ").append(percentiles(lateCommit)).append(",\n");
        json.append("    \"202_to_message\": ").append(percentiles(lateAccepted)).append(",\n");
        json.append("    \"sent_to_message\": ").append(percentiles(lateSent)).append(",\n");
        json.append("    \"sent_to_202\": ").append(percentiles(lateSentTo202)).append("\n  },\n");
        json.append("  \"first_errors\": ").append(jsonStrings(firstErrors)).append(",\n");
        json.append("  \"per_second\": [");
        String separator = "\n    ";
        for (var entry : perSecond.entrySet()) {
            List<Long> delays = delaysPerSecond.getOrDefault(entry.getKey(), List.of());
            long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
            json.append(separator).append(String.format(Locale.ROOT,
                    "{\"t_s\": %d, \"sent\": %d, \"accepted\": %d, \"delivered\": %d, \"p50_ms\": %s, \"p99_ms\": %s}",
                    entry.getKey() + 1, entry.getValue()[0], entry.getValue()[1], entry.getValue()[2],
                    ms(pct(sorted, 0.5)), ms(pct(sorted, 0.99))));
            separator = ",\n    ";
        }
        json.append("\n  ]\n}\n");
        Files.writeString(out.resolve("stream-summary.json"), json, StandardCharsets.UTF_8);
        try (PrintWriter accepted = writer("accepted.txt")) {
            for (Posted event : inOrder) {
                if (event.status == 202) {
                    accepted.println(event.id + "\t" + userIds[event.user] + "\t" + postUrls.get(event.user % postUrls.size()));
                }
            }
        }
        try (PrintWriter receivedFile = writer("received.txt")) {
            receivedLines.values().forEach(lines -> {
                synchronized (lines) {
                    lines.forEach(receivedFile::println);
                }
            });
        }
    }

    private String missingSample(List<Posted> sample) {
        StringBuilder json = new StringBuilder("[");
        for (Posted event : sample) {
            json.append(json.length() == 1 ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"event_id\": \"%s\", \"user_id\": \"%s\", \"sent_s\": %.2f}", event.id, userIds[event.user],
                    (event.sentMicros - loadStartMicros) / 1e6));
        }
        return json.append(']').toString();
    }

    private static String percentiles(List<Long> micros) {
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return "null";
        }
        return String.format(Locale.ROOT, "{\"n\": %d, \"min\": %s, \"p50\": %s, \"p90\": %s, \"p99\": %s, \"p99_9\": %s, \"max\": %s}",
                sorted.length, ms(sorted[0]), ms(pct(sorted, 0.5)), ms(pct(sorted, 0.9)), ms(pct(sorted, 0.99)),
                ms(pct(sorted, 0.999)), ms(sorted[sorted.length - 1]));
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Long.MIN_VALUE;
        }
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String ms(long micros) {
        return micros == Long.MIN_VALUE ? "null" : String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private static String jsonList(List<URI> uris) {
        StringBuilder json = new StringBuilder("[");
        for (URI uri : uris) {
            json.append(json.length() == 1 ? "" : ", ").append('"').append(uri).append('"');
        }
        return json.append(']').toString();
    }

    private static String jsonCounts(Map<String, Long> counts) {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((key, count) -> json.append(json.length() == 1 ? "" : ", ").append('"').append(key).append("\": ").append(count));
        return json.append('}').toString();
    }

    private static String jsonStrings(Map<String, String> strings) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(strings).forEach((key, value) -> json.append(json.length() == 1 ? "" : ", ")
                .append('"').append(escape(key)).append("\": \"").append(escape(value)).append('"'));
        return json.append('}').toString();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : (text.length() > 300 ? text.substring(0, 300) : text).toCharArray()) {
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

    private PrintWriter writer(String name) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(out.resolve(name), StandardCharsets.UTF_8));
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static void log(String format, Object... args) {
        System.out.printf("%s streams: %s%n", LocalTime.now().withNano(0), String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
