package io.notifications.api.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Stops a test class at once, with the server's own reason, when Payara Micro booted but did not deploy the
 * application: without it, every test of the class would fail on its own with Payara's HTML 404 page. Register it
 * after Arquillian's extension, which deploys in its own before-all step.
 *
 * <p>The connector prints the server's output on this JVM's standard output; from the first registration on, that
 * stream is also kept here, so that the failure can quote the server's SEVERE lines of this class's boot.
 */
public final class DeployedApplication implements BeforeAllCallback {

    private static final ServerOutput OUTPUT = ServerOutput.install();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    // Made when JUnit registers the class's extensions, before any of them deploys.
    private final int bootStartsAt = OUTPUT.lines();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        URI probe = URI.create("http://localhost:" + System.getProperty("micro.test.port", "18080") + "/api/events/not-an-id");
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        // The application answers every /api path in JSON (400 here, or 401 with API keys); Payara alone answers HTML.
        if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            throw new AssertionError("Payara Micro did not deploy the application: GET " + probe + " answered "
                    + answer.statusCode() + " " + answer.headers().firstValue("Content-Type").orElse("without a type")
                    + ". The server said:\n" + String.join("\n", OUTPUT.problemsSince(bootStartsAt)));
        }
    }

    /** Lines the server (and this JVM) printed so far: a mark for {@link #serverLinesSince}. */
    public static int serverLines() {
        return OUTPUT.lines();
    }

    /** The lines printed since the mark, to check what the server logged meanwhile. */
    public static List<String> serverLinesSince(int mark) {
        return OUTPUT.since(mark);
    }

    /** This JVM's standard output, also kept line by line (the last lines only, for a long run). */
    static final class ServerOutput extends OutputStream {

        private static final int KEPT = 20_000;
        private final PrintStream original;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();
        private int dropped;

        private ServerOutput(PrintStream original) {
            this.original = original;
        }

        static synchronized ServerOutput install() {
            ServerOutput output = new ServerOutput(System.out);
            System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
            return output;
        }

        @Override
        public synchronized void write(int b) {
            original.write(b);
            if (b == '\n') {
                lines.add(line.toString(StandardCharsets.UTF_8));
                line.reset();
                if (lines.size() > KEPT) {
                    lines.remove(0);
                    dropped++;
                }
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            original.flush();
        }

        /** Lines written so far. */
        synchronized int lines() {
            return dropped + lines.size();
        }

        synchronized List<String> since(int from) {
            return List.copyOf(lines.subList(Math.min(lines.size(), Math.max(0, from - dropped)), lines.size()));
        }

        /** The lines since {@code from} that report a failure: SEVERE ones and the exceptions' first lines. */
        synchronized List<String> problemsSince(int from) {
            List<String> problems = new ArrayList<>();
            for (int i = Math.max(0, from - dropped); i < lines.size(); i++) {
                String text = lines.get(i);
                if (text.contains("SEVERE") || text.contains("Exception") || text.contains("Unable to")) {
                    problems.add(text.length() > 2_000 ? text.substring(0, 2_000) + " ..." : text);
                }
            }
            return problems.isEmpty() ? List.of("(no SEVERE line: see the build's output)") : problems.subList(0, Math.min(40, problems.size()));
        }
    }
}
