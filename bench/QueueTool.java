import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The AMQP side of the throughput benchmark (bench/throughput.sh). A JDK 17 single-file program that needs
 * amqp-client on the class path (bench/tools/target/lib, fetched by the script):
 *
 * <pre>
 * java -cp 'bench/tools/target/lib/*' bench/QueueTool.java tap   --vhost V --url http://127.0.0.1:8300 --body JSON
 * java -cp 'bench/tools/target/lib/*' bench/QueueTool.java fill  --vhost V --count N --body JSON [--window 1000]
 * java -cp 'bench/tools/target/lib/*' bench/QueueTool.java watch --vhost V --every 2 --duration 120
 * </pre>
 *
 * <ul>
 * <li>{@code tap}: binds a private queue beside {@code notification_events}, posts one event to the API and prints
 * the size in bytes of the message the API published: the real message size for PerfTest.</li>
 * <li>{@code fill}: publishes {@code count} events straight into {@code notification_events} (persistent, with
 * publisher confirms, at most {@code window} unconfirmed), in the form the API publishes them
 * ({@code EventJson.write}: {@code --body} is a request body without {@code event_id}; this adds a fresh
 * {@code event_id} first and {@code accepted_at} last), for the drain phase while the application is stopped.</li>
 * <li>{@code watch}: every {@code every} seconds prints {@code epoch_ms ready_messages consumers} of
 * {@code notification_events} (a passive declare on one connection: cheaper than rabbitmqctl on 2 cores).</li>
 * </ul>
 * Results are printed as one JSON line starting with {@code RESULT }.
 */
public class QueueTool {

    // The wire contract, as in io.notifications.message.Topology (not on this program's class path).
    static final String EXCHANGE = "notifications";
    static final String QUEUE = "notification_events";
    static final String CONTENT_TYPE = "application/json";
    static final int PERSISTENT = 2;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: QueueTool tap|fill|watch --name value ...");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(options.getOrDefault("host", "127.0.0.1"));
        factory.setPort(Integer.parseInt(options.getOrDefault("port", "5672")));
        factory.setVirtualHost(options.getOrDefault("vhost", "notification_bench"));
        factory.setUsername(options.getOrDefault("user", "guest"));
        factory.setPassword(options.getOrDefault("password", "guest"));
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection connection = factory.newConnection("bench-queue-tool")) {
            switch (args[0]) {
                case "tap" -> tap(connection, options);
                case "fill" -> fill(connection, options);
                case "watch" -> watch(connection, options);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
        System.exit(0);
    }

    static void tap(Connection connection, Map<String, String> options) throws Exception {
        Channel channel = connection.createChannel();
        String tapQueue = channel.queueDeclare().getQueue(); // server-named, exclusive, gone with the connection
        channel.queueBind(tapQueue, EXCHANGE, QUEUE);
        UUID eventId = UUID.randomUUID();
        String body = withEventId(required(options, "body"), eventId);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(required(options, "url") + "/api/events"))
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST answered " + response.statusCode() + ": " + response.body());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            GetResponse message = channel.basicGet(tapQueue, true);
            if (message != null) {
                String published = new String(message.getBody(), StandardCharsets.UTF_8);
                System.out.printf("RESULT {\"request_bytes\": %d, \"message_bytes\": %d, \"message\": \"%s\"}%n",
                        body.getBytes(StandardCharsets.UTF_8).length, message.getBody().length,
                        published.replace("\\", "\\\\").replace("\"", "\\\""));
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the published event did not reach the tap queue within 10 s");
    }

    static void fill(Connection connection, Map<String, String> options) throws Exception {
        long count = Long.parseLong(required(options, "count"));
        int window = Integer.parseInt(options.getOrDefault("window", "1000"));
        String template = required(options, "body");
        Channel channel = connection.createChannel();
        channel.queueDeclarePassive(QUEUE); // the application declared it at its first start
        channel.confirmSelect();
        Semaphore unconfirmed = new Semaphore(window);
        AtomicLong nacked = new AtomicLong();
        AtomicLong returned = new AtomicLong();
        ConcurrentSkipListMap<Long, Boolean> pending = new ConcurrentSkipListMap<>();
        channel.addReturnListener(r -> returned.incrementAndGet());
        channel.addConfirmListener((tag, multiple) -> settle(pending, unconfirmed, tag, multiple),
                (tag, multiple) -> nacked.addAndGet(settle(pending, unconfirmed, tag, multiple)));
        long bytes = 0;
        long started = System.nanoTime();
        for (long i = 0; i < count; i++) {
            UUID eventId = UUID.randomUUID();
            String acceptedAt = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
            String body = withEventId(template, eventId);
            byte[] message = (body.substring(0, body.length() - 1) + ",\"accepted_at\":\"" + acceptedAt + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .contentType(CONTENT_TYPE)
                    .deliveryMode(PERSISTENT)
                    .messageId(eventId.toString())
                    .timestamp(new Date())
                    .build();
            if (!unconfirmed.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no publisher confirm for 30 s");
            }
            pending.put(channel.getNextPublishSeqNo(), Boolean.TRUE);
            channel.basicPublish(EXCHANGE, QUEUE, true, properties, message);
            bytes += message.length;
            if ((i + 1) % 50_000 == 0) {
                System.out.printf("published %d of %d%n", i + 1, count);
                System.out.flush();
            }
        }
        channel.waitForConfirmsOrDie(60_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        long ready = channel.queueDeclarePassive(QUEUE).getMessageCount();
        System.out.printf("RESULT {\"published\": %d, \"nacked\": %d, \"returned\": %d, \"seconds\": %.2f, "
                        + "\"rate_per_s\": %.0f, \"mean_message_bytes\": %.1f, \"queue_ready\": %d}%n",
                count, nacked.get(), returned.get(), seconds, count / seconds, (double) bytes / count, ready);
        if (nacked.get() > 0 || returned.get() > 0) {
            System.exit(1);
        }
    }

    private static int settle(ConcurrentSkipListMap<Long, Boolean> pending, Semaphore unconfirmed, long tag, boolean multiple) {
        int settled = 0;
        if (multiple) {
            var head = pending.headMap(tag, true);
            settled = head.size();
            head.clear();
        } else if (pending.remove(tag) != null) {
            settled = 1;
        }
        unconfirmed.release(settled);
        return settled;
    }

    static void watch(Connection connection, Map<String, String> options) throws Exception {
        long everyMillis = (long) (Double.parseDouble(options.getOrDefault("every", "2")) * 1000);
        long until = System.currentTimeMillis() + Long.parseLong(options.getOrDefault("duration", "600")) * 1000;
        Channel channel = connection.createChannel();
        while (System.currentTimeMillis() < until) {
            AMQP.Queue.DeclareOk queue = channel.queueDeclarePassive(QUEUE);
            System.out.printf("%d %d %d%n", System.currentTimeMillis(), queue.getMessageCount(),
                    queue.getConsumerCount());
            System.out.flush();
            Thread.sleep(everyMillis);
        }
    }

    /** A request body without event_id ({"user_id": ...}) with {"event_id": id, ...} in front, as EventJson writes. */
    static String withEventId(String body, UUID eventId) {
        if (!body.startsWith("{\"")) {
            throw new IllegalArgumentException("the body must be a JSON object without spaces: " + body);
        }
        return "{\"event_id\":\"" + eventId + "\"," + body.substring(1);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
