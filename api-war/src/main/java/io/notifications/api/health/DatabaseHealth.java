package io.notifications.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the consumer could store events: a real round trip to PostgreSQL through the server's pool. */
@Readiness
@ApplicationScoped
public class DatabaseHealth implements HealthCheck {

    static final String DATA_SOURCE = "jdbc/notifications";

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database").withData("dataSource", DATA_SOURCE);
        // Looked up on each call, not injected: health beans are created while the application starts, and an
        // injected data source would tie the application's deployment to the database being there.
        try (Connection connection = InitialContext.<DataSource>doLookup(DATA_SOURCE).getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(5);
            statement.execute("SELECT 1 FROM processed_events LIMIT 1");
            return response.up().build();
        } catch (NamingException | SQLException | RuntimeException e) {
            return response.down().withData("error", e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())).build();
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
