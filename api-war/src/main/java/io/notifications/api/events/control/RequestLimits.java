package io.notifications.api.events.control;

import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.config.inject.ConfigProperties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How much of a request the API reads: {@code api.*} ({@code API_MAX_BODY_BYTES}, ...). The defaults stand here, in
 * the API's own module: in the EAR, Payara checks every setting when it deploys, with the application's settings,
 * which do not include a WAR's {@code microprofile-config.properties}.
 */
@ConfigProperties(prefix = "api")
@Dependent
public class RequestLimits {

    /** Largest body of {@code POST /api/events}, in bytes; larger ones get 413. Also the most one event of a batch may take. */
    @ConfigProperty(name = "max-body-bytes", defaultValue = "65536")
    public int maxBodyBytes;

    /** Most events in one {@code POST /api/events/batch}; a larger batch gets 400 and nothing of it is published. */
    @ConfigProperty(name = "max-batch-events", defaultValue = "100")
    public int maxBatchEvents;

    /**
     * Largest body of {@code POST /api/events/batch}, in bytes; larger ones get 413. Not 100 times
     * {@code api.max-body-bytes}: 1 MiB is 10 KiB an event on average for a full batch, while the API holds at most this
     * much in memory per request.
     */
    @ConfigProperty(name = "max-batch-body-bytes", defaultValue = "1048576")
    public int maxBatchBodyBytes;
}
