package io.notifications.api.system;

import io.notifications.testing.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Settings of one test class's server beyond the test services' (an admin for the console, API keys): written, with
 * those of {@link TestServices}, to {@value #CONTAINER}'s system properties ({@code arquillian.xml}), so that the
 * server runs the bundle exactly as the build packaged it. Register it after {@link TestServices} and before
 * Arquillian, and deploy to that container:
 *
 * <pre>
 * &#64;ExtendWith(TestServices.class) &#64;ExtendWith(MySettings.class) &#64;ExtendWith(ArquillianExtension.class)
 * ... &#64;Deployment(testable = false) &#64;TargetsContainer(ServerSettings.CONTAINER)
 * </pre>
 */
public abstract class ServerSettings implements BeforeAllCallback {

    /** The Arquillian container whose server reads {@link #FILE}. */
    public static final String CONTAINER = "payara-micro-with-settings";
    static final Path FILE = Path.of("target", "server-settings.properties");

    /** The class's settings, as MicroProfile Config names them. */
    protected abstract Map<String, String> settings();

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(TestServices.SERVER_PROPERTIES)) {
            properties.load(in);
        }
        properties.putAll(settings());
        try (OutputStream out = Files.newOutputStream(FILE)) {
            properties.store(out, "Written for " + context.getDisplayName() + " by " + getClass().getSimpleName());
        }
    }
}
