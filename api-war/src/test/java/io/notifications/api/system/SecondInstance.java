package io.notifications.api.system;

import io.notifications.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One more instance of the application beside the test's Arquillian server: a plain Payara Micro process started the
 * way production starts one ({@code server-config/micro/launch.sh}: the build's bundle, its HTTP listener closed until
 * the application opens it, a 5 s drain on SIGTERM), on a free port, with the test services' database and vhost as
 * environment variables. {@link #close()} always stops it: SIGTERM, then SIGKILL after 60 s. Its output goes to
 * {@code target/second-instance.log}.
 */
public final class SecondInstance implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(240);
    private static final Path LOG = Path.of("target", "second-instance.log");

    private final Process process;
    private final URI base;

    private SecondInstance(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts it and waits until {@code /health/ready} answers 200; stops it and fails if it does not within 240 s. */
    public static SecondInstance start() throws IOException, InterruptedException {
        return start(freePort(), Map.of());
    }

    /**
     * Starts it on this port (again on the port of one stopped before: a restart, as clients see it), with more
     * settings, as MicroProfile Config names them ({@code api.keys}), beside the test services'.
     */
    public static SecondInstance start(int port, Map<String, String> more) throws IOException, InterruptedException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        ProcessBuilder launch = new ProcessBuilder("sh", repository.resolve("server-config/micro/launch.sh").toString(),
                "--port", String.valueOf(port), "--rootdir", Path.of("target", "second-instance-root").toAbsolutePath().toString())
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())); // a restart's output after the first start's
        Map<String, String> environment = launch.environment();
        environment.put("JAVA_OPTS", "-Xmx384m");
        Properties settings = new Properties();
        try (InputStream in = Files.newInputStream(TestServices.SERVER_PROPERTIES)) {
            settings.load(in);
        }
        for (String name : settings.stringPropertyNames()) {
            // As production passes them: MicroProfile Config reads db.host from DB_HOST. The test servers' own
            // listener settings (server.http-listeners=none, no grace) stay out: this one opens and drains as in production.
            if (!name.startsWith("server.") && !name.startsWith("shutdown.")) {
                environment.put(environmentName(name), settings.getProperty(name));
            }
        }
        more.forEach((name, value) -> environment.put(environmentName(name), value));
        SecondInstance instance = new SecondInstance(launch.start(), URI.create("http://127.0.0.1:" + port + "/"));
        try {
            instance.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            instance.close();
            throw e;
        }
        return instance;
    }

    public static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public URI base() {
        return base;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError("the second instance exited while starting, status " + process.exitValue() + "; see " + LOG);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(base.resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is closed until the application is deployed
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the second instance was not ready within " + READY_WITHIN + "; see " + LOG);
    }

    /** SIGTERM, as an orchestrator stops it; true when it exited within the time. */
    public boolean stop(Duration within) throws InterruptedException {
        process.destroy();
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive() && !stop(Duration.ofSeconds(60))) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
