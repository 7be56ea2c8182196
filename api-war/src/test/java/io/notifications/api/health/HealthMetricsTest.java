package io.notifications.api.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

    @Test
    void aCheckThatAnswersUpIsUp() {
        assertTrue(HealthMetrics.isUp(() -> new HealthCheckResponse("database", Status.UP, Optional.empty())));
    }

    @Test
    void aCheckThatAnswersDownIsDown() {
        assertFalse(HealthMetrics.isUp(() -> new HealthCheckResponse("database", Status.DOWN, Optional.empty())));
    }

    @Test
    void aCheckThatThrowsIsDown() {
        assertFalse(HealthMetrics.isUp(() -> {
            throw new IllegalStateException("no connection");
        }));
    }
}
