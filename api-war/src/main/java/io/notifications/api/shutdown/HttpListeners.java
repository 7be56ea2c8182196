package io.notifications.api.shutdown;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's HTTP listeners that serve the application, opened and closed with the server's own {@code asadmin}
 * commands ({@code set ...network-listener.NAME.enabled=...}), run in the server through its embeddable
 * {@code CommandRunner}. The same commands exist on Payara Micro and Payara Server, so one class serves both.
 *
 * <p>Payara offers no application API for this: the runner is found through {@code org.glassfish.internal.api.Globals}
 * by reflection, so that the WAR compiles and runs against the Jakarta EE API alone (outside Payara, nothing opens or
 * closes, and {@link #available()} is false).
 */
class HttpListeners {

    static final String PREFIX = "configs.config.server-config.network-config.network-listeners.network-listener.";
    private static final Pattern ATTRIBUTE = Pattern.compile(
            Pattern.quote(PREFIX) + "([^.=\\s]+)\\.(enabled|port)=(\\S+)");

    /** One listener as the server's configuration has it. */
    record Listener(String name, boolean enabled, int port) {
    }

    private final List<String> names;
    private final Object runner;

    /** @param names the listeners the application is served on (the others, like the admin port, are left alone) */
    HttpListeners(List<String> names) {
        this.names = List.copyOf(names);
        this.runner = commandRunner();
    }

    boolean available() {
        return runner != null;
    }

    /** Of {@link #names}, the listeners the server has, with their state. */
    List<Listener> read() {
        return parse(run("get", PREFIX + "*")).values().stream().filter(l -> names.contains(l.name())).toList();
    }

    /** Enables (or disables) each listener of {@link #names} the server has; returns those it changed. */
    List<Listener> switchTo(boolean enabled) {
        List<Listener> changed = read().stream().filter(l -> l.enabled() != enabled).toList();
        for (Listener listener : changed) {
            run("set", PREFIX + listener.name() + ".enabled=" + enabled);
        }
        return changed;
    }

    /**
     * Waits until nothing accepts connections on the ports of the given listeners any more, at most {@code millis}:
     * the server applies a changed listener shortly after the command returns. True when all are closed.
     */
    static boolean awaitClosed(List<Listener> listeners, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (listeners.stream().anyMatch(l -> accepts(l.port()))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** The listeners in the output of {@code get ...network-listener.*}, by name. */
    static Map<String, Listener> parse(String output) {
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Matcher matcher = ATTRIBUTE.matcher(output);
        while (matcher.find()) {
            if (matcher.group(2).equals("enabled")) {
                enabled.put(matcher.group(1), Boolean.parseBoolean(matcher.group(3)));
            } else if (matcher.group(3).matches("\\d{1,5}")) {
                ports.put(matcher.group(1), Integer.parseInt(matcher.group(3)));
            }
        }
        Map<String, Listener> listeners = new LinkedHashMap<>();
        // a listener without the attribute is enabled: that is its default in the server's configuration
        ports.forEach((name, port) -> listeners.put(name, new Listener(name, enabled.getOrDefault(name, true), port)));
        return listeners;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private String run(String command, String... arguments) {
        if (runner == null) {
            throw new IllegalStateException("not on Payara: no command runner");
        }
        try {
            Class<?> type = Class.forName("org.glassfish.embeddable.CommandRunner");
            Object result = type.getMethod("run", String.class, String[].class).invoke(runner, command, arguments);
            Class<?> resultType = Class.forName("org.glassfish.embeddable.CommandResult");
            String status = String.valueOf(resultType.getMethod("getExitStatus").invoke(result));
            String output = String.valueOf(resultType.getMethod("getOutput").invoke(result));
            if (!status.equals("SUCCESS")) {
                throw new IllegalStateException(command + " " + String.join(" ", arguments) + ": " + status + " "
                        + output.strip());
            }
            return output;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not run " + command + " in the server", e);
        }
    }

    private static Object commandRunner() {
        try {
            Class<?> globals = Class.forName("org.glassfish.internal.api.Globals");
            Class<?> type = Class.forName("org.glassfish.embeddable.CommandRunner");
            return globals.getMethod("get", Class.class).invoke(null, type);
        } catch (ReflectiveOperationException | LinkageError notPayara) {
            return null;
        }
    }
}
