package io.notifications.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The real PostgreSQL and RabbitMQ the integration tests run against, ready before the server under test boots.
 *
 * <p>Where Docker is available, Testcontainers starts both. Elsewhere the tests use the services named by the usual
 * variables ({@code DB_HOST}, {@code DB_PORT}, {@code RABBITMQ_HOST}, {@code RABBITMQ_PORT}, credentials, default
 * 127.0.0.1 and the local defaults), in a database and a virtual host of their own ({@code notification_test}, or the system property
 * {@code notification.test.name}), made
 * afresh for every run, so a running system's data is never touched. Creating those needs a PostgreSQL superuser
 * ({@code TEST_DB_ADMIN_USER}, default {@code postgres}) and {@code rabbitmqctl}.
 *
 * <p>Register it before Arquillian's extension: the server reads {@link #SERVER_PROPERTIES} when it boots.
 */
public final class TestServices implements BeforeAllCallback {

    /** System properties for the server under test: its data source and broker settings. */
    public static final Path SERVER_PROPERTIES = Path.of("target", "test-services.properties");

    /** Name of the test database, its role and the vhost; a module may set its own so that modules can run at once. */
    static final String TEST_NAME = System.getProperty("notification.test.name", "notification_test");

    private static final Logger LOG = Logger.getLogger(TestServices.class.getName());
    private static DatabaseSystem database;
    private static BrokerSystem broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    public static synchronized DatabaseSystem database() {
        start();
        return database;
    }

    public static synchronized BrokerSystem broker() {
        start();
        return broker;
    }

    private static synchronized void start() {
        if (database != null) {
            return;
        }
        try {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                startContainers();
            } else {
                useLocalServices();
            }
            writeServerProperties();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare PostgreSQL and RabbitMQ for the tests: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("resource") // the containers live as long as the test JVM; Testcontainers reaps them
    private static void startContainers() throws Exception {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine")
                .withDatabaseName(TEST_NAME).withUsername(TEST_NAME).withPassword(TEST_NAME);
        RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3-management");
        postgres.start();
        rabbit.start();
        LOG.info("Tests use PostgreSQL and RabbitMQ in containers");
        database = new DatabaseSystem(postgres.getHost(), postgres.getMappedPort(5432), TEST_NAME, TEST_NAME, TEST_NAME,
                postgres.getUsername(), postgres.getPassword());
        database.applySchema(initSql());
        broker = new BrokerSystem(rabbit.getHost(), rabbit.getAmqpPort(), "/", rabbit.getAdminUsername(), rabbit.getAdminPassword(),
                arguments -> {
                    String[] command = new String[arguments.length + 1];
                    command[0] = "rabbitmqctl";
                    System.arraycopy(arguments, 0, command, 1, arguments.length);
                    return rabbit.execInContainer(command).getStdout();
                });
    }

    private static void useLocalServices() throws Exception {
        String dbHost = env("DB_HOST", "127.0.0.1");
        int dbPort = Integer.parseInt(env("DB_PORT", "5432"));
        String adminUser = env("TEST_DB_ADMIN_USER", "postgres");
        String adminPassword = env("TEST_DB_ADMIN_PASSWORD", "");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + dbHost + ":" + dbPort + "/postgres", adminUser, adminPassword);
             Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + TEST_NAME + " WITH (FORCE)");
            sql.execute("DO $$ BEGIN CREATE ROLE " + TEST_NAME + " LOGIN PASSWORD '" + TEST_NAME + "'; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            sql.execute("CREATE DATABASE " + TEST_NAME + " OWNER " + TEST_NAME);
        }
        database = new DatabaseSystem(dbHost, dbPort, TEST_NAME, TEST_NAME, TEST_NAME, adminUser, adminPassword);
        database.applySchema(initSql());

        rabbitmqctl("delete_vhost", TEST_NAME);
        rabbitmqctl("add_vhost", TEST_NAME);
        String user = env("RABBITMQ_USER", "guest");
        rabbitmqctl("set_permissions", "-p", TEST_NAME, user, ".*", ".*", ".*");
        broker = new BrokerSystem(env("RABBITMQ_HOST", "127.0.0.1"), Integer.parseInt(env("RABBITMQ_PORT", "5672")), TEST_NAME,
                user, env("RABBITMQ_PASSWORD", "guest"), TestServices::rabbitmqctl);
        LOG.info("Tests use the local PostgreSQL and RabbitMQ, database and vhost " + TEST_NAME);
    }

    private static void writeServerProperties() throws IOException {
        Properties properties = new Properties();
        properties.putAll(database.serverProperties());
        properties.putAll(broker.serverProperties());
        // Short waits, so that the tests see an event through all its attempts in seconds.
        properties.putAll(Map.of("consumer.retry-delays-ms", "200,400", "consumer.max-attempts", "3", "consumer.store-timeout-ms", "1000"));
        // Arquillian starts the next test class's server on the same port as soon as it has stopped the last one: no
        // drain, and no listener for ListenerGate to close (these servers boot with it open), so that the last one
        // goes at once. The gate is tested where servers start closed: bench/faults.sh and the EAR's test.
        properties.put("shutdown.grace-ms", "0");
        properties.put("server.http-listeners", "none");
        Files.createDirectories(SERVER_PROPERTIES.getParent());
        try (OutputStream out = Files.newOutputStream(SERVER_PROPERTIES)) {
            properties.store(out, "Written by TestServices for the server under test");
        }
    }

    private static String rabbitmqctl(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("rabbitmqctl " + String.join(" ", arguments) + " timed out");
        }
        if (process.exitValue() != 0 && !output.contains("does not exist")) {
            throw new IOException("rabbitmqctl " + String.join(" ", arguments) + " failed: " + output);
        }
        return output;
    }

    /** {@code db/init.sql}, found from the module's directory upwards. */
    static Path initSql() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("db").resolve("init.sql");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("db/init.sql not found above " + Path.of("").toAbsolutePath());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

}
