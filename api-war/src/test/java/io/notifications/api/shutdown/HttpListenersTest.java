package io.notifications.api.shutdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpListenersTest {

    private static final String P = HttpListeners.PREFIX;

    @Test
    void readsEachListenersStateAndPortFromTheOutputOfGet() {
        Map<String, HttpListeners.Listener> listeners = HttpListeners.parse(String.join("\n",
                "PlainTextActionReporterSUCCESS",
                P + "http-listener.enabled=false",
                P + "http-listener.name=http-listener",
                P + "http-listener.port=8100",
                P + "https-listener.enabled=false",
                P + "https-listener.port=8443",
                P + "admin-listener.port=4848"));

        assertEquals(Map.of(
                "http-listener", new HttpListeners.Listener("http-listener", false, 8100),
                "https-listener", new HttpListeners.Listener("https-listener", false, 8443),
                "admin-listener", new HttpListeners.Listener("admin-listener", true, 4848)), listeners);
    }

    @Test
    void aPortGivenAsAPropertyReferenceIsNoListenerToWaitFor() {
        assertEquals(Map.of(), HttpListeners.parse(P + "http-listener-1.port=${HTTP_LISTENER_PORT}"));
    }

    @Test
    void waitingForAClosedPortEndsWhenNothingAcceptsAnyMore() throws IOException, InterruptedException {
        int port;
        try (ServerSocket open = new ServerSocket(0)) {
            port = open.getLocalPort();
            List<HttpListeners.Listener> listeners = List.of(new HttpListeners.Listener("http-listener", false, port));
            assertFalse(HttpListeners.awaitClosed(listeners, 100));
        }
        assertTrue(HttpListeners.awaitClosed(List.of(new HttpListeners.Listener("http-listener", false, port)), 1000));
    }
}
