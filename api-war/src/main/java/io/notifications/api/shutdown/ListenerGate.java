package io.notifications.api.shutdown;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the port closed while Payara cannot answer in the API's contract. The server starts with its HTTP listener
 * disabled (server-config/micro/http-closed.asadmin; on Payara Server, payara-domain.sh), so that nothing answers
 * while the application deploys: no HTML 404 for a path not deployed yet, no HTML 503 for an application starting.
 * This bean opens the listener once the server reports the deployment done, and closes it when the server prepares
 * to shut down, after the drain ({@link Draining}) and before anything is undeployed: clients meet a refused
 * connection instead of Payara's HTML 500 and empty 503 of an application going away.
 *
 * <p>Both moments come from Payara's own events, which it sends on Payara Micro and Payara Server alike: a
 * deployment done ({@code Deployment_Success}; {@code All_Applications_Processed} and {@code server_ready} when the
 * server loads the application at its start), and {@code prepare_shutdown}, sent before the server stops anything.
 * The shutdown waits while a listener of that event runs: that is what lets the drain finish first. An undeployment
 * of this application alone (Payara Server's {@code asadmin undeploy}, or a redeployment) closes the port the same
 * way, on {@code Undeployment_Validation}, the one undeployment event Payara sends synchronously, before it unloads
 * anything; the next deployment opens it again.
 */
@ApplicationScoped
public class ListenerGate {

    private static final Logger LOG = Logger.getLogger(ListenerGate.class.getName());
    private static final Set<String> OPENING = Set.of("Deployment_Success", "All_Applications_Processed", "server_ready");
    private static final String CLOSING = "prepare_shutdown";
    private static final String UNDEPLOYING = "Undeployment_Validation";

    @Inject
    Draining draining;

    @Inject
    @ConfigProperty(name = "server.http-listeners", defaultValue = "http-listener,http-listener-1,http-listener-2")
    List<String> listenerNames;

    @Inject
    @ConfigProperty(name = "shutdown.grace-ms", defaultValue = "5000")
    long graceMillis;

    private HttpListeners listeners;
    private Object events;
    private Object eventListener;
    private java.lang.reflect.Method unregister;
    private volatile boolean opened;
    private String applicationName;

    void watchServer(@Observes @Initialized(ApplicationScoped.class) Object started) {
        listeners = new HttpListeners(listenerNames);
        if (!listeners.available()) {
            LOG.info("Not on Payara: the HTTP listener is left as the server has it");
            return;
        }
        try { // here, in the application's context: the server's event threads have none
            applicationName = (String) new InitialContext().lookup("java:app/AppName");
        } catch (NamingException e) {
            LOG.log(Level.WARNING, "No application name: an undeployment leaves the HTTP listener open", e);
        }
        try {
            Class<?> eventsType = Class.forName("org.glassfish.api.event.Events");
            Class<?> listenerType = Class.forName("org.glassfish.api.event.EventListener");
            events = Class.forName("org.glassfish.internal.api.Globals").getMethod("get", Class.class)
                    .invoke(null, eventsType);
            InvocationHandler handler = (proxy, method, arguments) -> switch (method.getName()) {
                case "event" -> {
                    onServerEvent(arguments[0]);
                    yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == arguments[0];
                case "toString" -> "ListenerGate of the notification API";
                default -> throw new UnsupportedOperationException(method.getName());
            };
            eventListener = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {listenerType}, handler);
            eventsType.getMethod("register", listenerType).invoke(events, eventListener);
            unregister = eventsType.getMethod("unregister", listenerType);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.log(Level.WARNING, "Cannot follow the server's events: the HTTP listener is left as it is", e);
        }
    }

    private void onServerEvent(Object event) throws ReflectiveOperationException {
        String name = String.valueOf(event.getClass().getMethod("name").invoke(event));
        if (OPENING.contains(name) && !opened) {
            opened = true;
            // Not on the deploying thread: the listener's configuration changes in a transaction of its own.
            Thread opening = new Thread(this::open, "notification-listener-open");
            opening.setDaemon(true);
            opening.start();
        } else if (CLOSING.equals(name) || UNDEPLOYING.equals(name) && undeploysThisApplication(event)) {
            close();
        }
    }

    /** The event's payload, a deployment context, names the application being undeployed (its OpsParams). */
    private boolean undeploysThisApplication(Object event) {
        try {
            Object context = event.getClass().getMethod("hook").invoke(event);
            Class<?> parametersType = Class.forName("org.glassfish.api.deployment.OpsParams");
            Object parameters = context.getClass().getMethod("getCommandParameters", Class.class).invoke(context, parametersType);
            Object undeployed = parametersType.getMethod("name").invoke(parameters);
            return undeployed != null && undeployed.equals(applicationName);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot tell which application is undeployed: the HTTP listener is left open", e);
            return false;
        }
    }

    private void open() {
        try {
            List<HttpListeners.Listener> changed = listeners.switchTo(true);
            LOG.info(() -> "Deployed: HTTP listener open " + changed);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Could not open the HTTP listener: the API cannot be reached", e);
        }
    }

    /** On the server's shutdown thread, which waits for it: drain for the grace, then close the port. */
    private void close() {
        draining.begin();
        try {
            long wait = graceMillis - draining.millisSinceBegun();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            List<HttpListeners.Listener> changed = listeners.switchTo(false);
            boolean closed = HttpListeners.awaitClosed(changed, 3000);
            LOG.info(() -> "Shutting down: HTTP listener closed " + changed + (closed ? "" : ", port still open"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not close the HTTP listener before undeploying", e);
        }
    }

    @PreDestroy
    void stopWatching() {
        if (unregister == null) {
            return;
        }
        try {
            unregister.invoke(events, eventListener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Could not unregister from the server's events", e);
        }
    }
}
