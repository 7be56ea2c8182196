package io.notifications.ear;

import io.notifications.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives the running Payara Server domain the settings of the test database and broker, before Arquillian deploys.
 *
 * <p>Why here and not when the build starts the domain: {@link TestServices} makes the database and the vhost in
 * this JVM, once the domain is already up, and where Docker is available they live in containers on ports nobody
 * knows beforehand. So the build starts a domain whose data source reads MicroProfile Config
 * ({@code ${MPCONFIG=db.host}} ...), and this extension, registered after {@code TestServices} and before
 * {@code ArquillianExtension}, hands the properties TestServices wrote ({@link TestServices#SERVER_PROPERTIES}) to the
 * domain with {@code payara-domain.sh configure}, the same script and command a user would run. The consumer starts
 * at deployment and finds them there.
 *
 * <p>When the class fails, it points at the server's log.
 */
public final class PayaraDomainSettings implements BeforeAllCallback, TestWatcher, AfterAllCallback {

    private static final Logger LOG = Logger.getLogger(PayaraDomainSettings.class.getName());
    private static final int LOG_LINES_SHOWN = 60;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PayaraDomainSettings.class);

    /** The operator's console admin the domain is given, so that the test can log in to /admin on Payara Server. */
    public static final String CONSOLE_USER = "operator";
    public static final String CONSOLE_PASSWORD = "ear-" + UUID.randomUUID();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        LOG.info(() -> "Payara Server log: " + serverLog());
        configure(TestServices.SERVER_PROPERTIES);
        Path admin = Path.of("target", "console-admin.properties");
        Files.writeString(admin, "console.user=" + CONSOLE_USER + "\nconsole.password=" + CONSOLE_PASSWORD + "\n");
        configure(admin);
    }

    private static void configure(Path settings) throws IOException, InterruptedException {
        String script = required("payara.domain.script");
        Path output = Path.of("target", "payara-domain-configure.log");
        Process configure = new ProcessBuilder(script, "configure", settings.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!configure.waitFor(2, TimeUnit.MINUTES)) {
            configure.destroyForcibly();
            throw new IllegalStateException(script + " configure did not finish:\n" + Files.readString(output));
        }
        if (configure.exitValue() != 0) {
            throw new IllegalStateException(script + " configure failed (" + configure.exitValue() + "):\n" + Files.readString(output));
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        context.getParent().ifPresent(testClass -> testClass.getStore(NAMESPACE).put("failed", true));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        boolean failed = context.getExecutionException().isPresent() || context.getStore(NAMESPACE).get("failed") != null;
        if (!failed) {
            return;
        }
        Path log = serverLog();
        if (!Files.isReadable(log)) {
            LOG.warning(() -> "No Payara Server log at " + log);
            return;
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
        LOG.severe(() -> "Something failed: the whole Payara Server log is " + log + "; its last lines:\n" + tail);
    }

    private static Path serverLog() {
        return Path.of(required("payara.serverLog"));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run the test through Maven"
                    + " (mvn verify), which starts the Payara Server domain and passes its settings");
        }
        return value;
    }
}
