package io.notifications.api.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's {@code prometheus} package, which the rule tests run: {@code promtool} and the {@code prometheus} server.
 * Missing binaries fail the test that needs them, never skip it: {@code .ci/run} installs the package.
 */
final class PrometheusInstallation {

    private PrometheusInstallation() {
    }

    static Path promtool() {
        return binary("promtool");
    }

    static Path server() {
        return binary("prometheus");
    }

    private static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(name + " is not installed: install Debian's prometheus package, which ships promtool "
                + "and prometheus (apt-get install -y prometheus; .ci/run does it when either is missing)");
    }
}
