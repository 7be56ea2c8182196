package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    private final BrokerSettings settings = new BrokerSettings();

    BrokerSettingsTest() {
        settings.host = "rabbit";
        settings.port = 5672;
        settings.virtualHost = "/";
        settings.clusterAddresses = Optional.empty();
    }

    @Test
    void withoutAddressesTheBrokerIsHostAndPort() {
        assertEquals("rabbit:5672 vhost /", settings.address());
    }

    @Test
    void theAddressesOfAClusterReplaceHostAndPort() {
        settings.clusterAddresses = Optional.of("node-1:5672,node-2:5673, node-3");

        assertEquals("node-1:5672,node-2:5673,node-3:5672 vhost /", settings.address());
        assertEquals(3, settings.addresses().size());
    }

    @Test
    void blankAddressesMeanHostAndPort() {
        settings.clusterAddresses = Optional.of(" ");

        assertEquals("rabbit:5672 vhost /", settings.address());
    }
}
