package io.notifications.api.logging;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code log.format} ({@code LOG_FORMAT}): {@code text}, the server's own lines, or {@code json}, one
 * {@link JsonLogFormatter} object per line. With {@code json}, the root logger's handlers (Payara Micro's console,
 * Payara Server's {@code server.log}) get that formatter when the application starts, and their own back when it stops,
 * so that no class of an undeployed application stays in the server.
 *
 * <p>The handlers are the server's: on Payara Server every application's lines, and the server's own, turn JSON.
 */
@Singleton
@Startup
public class LogFormat {

    public static final String TEXT = "text";
    public static final String JSON = "json";

    private static final Logger LOG = Logger.getLogger(LogFormat.class.getName());

    @Inject
    @ConfigProperty(name = "log.format", defaultValue = TEXT)
    String format;

    private final Map<Handler, Formatter> replaced = new IdentityHashMap<>();

    @PostConstruct
    void apply() {
        String chosen = format.strip().toLowerCase(Locale.ROOT);
        if (chosen.equals(JSON)) {
            install(Logger.getLogger(""), new JsonLogFormatter());
            LOG.info(() -> "Log lines are JSON (log.format=json) on " + replaced.size() + " handlers");
        } else if (!chosen.equals(TEXT)) {
            LOG.warning(() -> "log.format " + format + " is neither text nor json; keeping the server's text lines");
        }
    }

    /** Gives every handler of {@code logger} the formatter, remembering the one it had. */
    void install(Logger logger, Formatter formatter) {
        for (Handler handler : logger.getHandlers()) {
            replaced.put(handler, handler.getFormatter());
            handler.setFormatter(formatter);
        }
    }

    @PreDestroy
    void restore() {
        replaced.forEach((handler, original) -> {
            if (original != null) {
                handler.setFormatter(original);
            }
        });
        replaced.clear();
    }
}
