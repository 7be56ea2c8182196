package io.notifications.api.shutdown;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.logging.Logger;

/**
 * Whether the process is shutting down. Payara Micro, started with {@code --shutdowngrace}, keeps serving for that
 * long after SIGTERM before it undeploys the application; meanwhile the API turns new events away with 503 (which
 * clients retry elsewhere) and readiness reports DOWN, so that the requests in flight finish and load balancers stop
 * routing here before anything is torn down.
 */
@ApplicationScoped
public class Draining {

    private static final Logger LOG = Logger.getLogger(Draining.class.getName());

    private final Thread hook = new Thread(this::begin, "notification-draining");
    private volatile boolean draining;
    private volatile long begunNanos;

    void watchForShutdown(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @PreDestroy
    void stopWatching() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook has run or runs now
        }
    }

    public boolean isDraining() {
        return draining;
    }

    /** Milliseconds since the drain began (0 before). */
    long millisSinceBegun() {
        return draining ? (System.nanoTime() - begunNanos) / 1_000_000 : 0;
    }

    /**
     * Begins the drain, once: on SIGTERM (this bean's shutdown hook; Payara Micro then waits its grace), or when the
     * server prepares to stop ({@link ListenerGate}; {@code asadmin stop-domain} on Payara Server runs no hook first).
     */
    synchronized void begin() {
        if (draining) {
            return;
        }
        begunNanos = System.nanoTime();
        draining = true;
        LOG.info("Shutting down: new events get 503 while the requests in flight finish");
    }
}
