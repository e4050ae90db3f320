package io.gbmesh.api.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gbmesh.runtime.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MqttConfigTest {

    @Test
    void defaultsListenOnEveryInterfaceAt1883WithoutABridge() {
        MqttConfig c = MqttConfig.fromEnv(new Env(Map.of()));
        assertEquals("0.0.0.0", c.host());
        assertEquals(1883, c.port());
        assertEquals(64 * 1024, c.maxPayloadBytes());
        assertEquals(27_000, c.commandTimeoutMillis());
        assertNull(c.bridge());
    }

    @Test
    void theBridgeComesFromItsUrlAndThePrefixEndsWithASlash() {
        MqttConfig c = MqttConfig.fromEnv(new Env(Map.of("GB_MQTT_PORT", "0", "GB_MQTT_BRIDGE_URL",
                "tcp://broker.example:1884", "GB_MQTT_BRIDGE_USER", "mesh", "GB_MQTT_BRIDGE_PASSWORD", "pw",
                "GB_MQTT_BRIDGE_PREFIX", "site-a")));
        assertEquals(0, c.port());
        assertEquals(new MqttConfig.Bridge("broker.example", 1884, "mesh", "pw", "site-a/"), c.bridge());
        assertEquals(1883, MqttConfig.Bridge.of("tcp://10.0.0.1", null, null, "").port());
        assertEquals("", MqttConfig.Bridge.of("tcp://10.0.0.1", null, null, null).prefix());
    }

    @Test
    void aBridgeUrlThatIsNotTcpIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MqttConfig.Bridge.of("http://x:1883", null, null, ""));
        assertThrows(IllegalArgumentException.class, () -> MqttConfig.Bridge.of("broker:1883", null, null, ""));
        assertThrows(IllegalArgumentException.class,
                () -> MqttConfig.fromEnv(new Env(Map.of("GB_MQTT_PORT", "70000"))));
    }
}
