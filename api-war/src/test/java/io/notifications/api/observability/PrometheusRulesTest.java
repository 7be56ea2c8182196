package io.notifications.api.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The rules operators load into Prometheus ({@code server-config/prometheus/rules.yml}) are valid, and each alert fires
 * on the series that should fire it and stays quiet on a healthy fleet ({@code rules-test.yml}), as Prometheus' own
 * {@code promtool} evaluates them.
 */
class PrometheusRulesTest {

    static final Path RULES = Path.of("..", "server-config", "prometheus", "rules.yml");
    private static final Path RULE_TESTS = Path.of("..", "server-config", "prometheus", "rules-test.yml");

    @Test
    void theRulesAreValid() throws Exception {
        promtool("check", "rules", RULES.toString());
    }

    @Test
    void eachAlertFiresOnTheSeriesThatShouldFireItAndStaysQuietOnAHealthyFleet() throws Exception {
        promtool("test", "rules", RULE_TESTS.toString());
    }

    private static void promtool(String... arguments) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(arguments)).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("promtool " + String.join(" ", arguments) + " did not finish in 60 s:\n" + output);
            }
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), () -> "promtool " + String.join(" ", arguments) + " failed:\n" + output);
    }

    private static List<String> command(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of(PrometheusInstallation.promtool().toString()));
        command.addAll(List.of(arguments));
        return command;
    }
}
