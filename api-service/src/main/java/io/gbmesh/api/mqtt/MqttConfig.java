package io.gbmesh.api.mqtt;

import io.gbmesh.runtime.Env;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Settings of the MQTT endpoint.
 *
 * <ul>
 *   <li>{@code GB_MQTT_HOST} (default 0.0.0.0), {@code GB_MQTT_PORT} (default 1883; 0 picks a free port);</li>
 *   <li>{@code GB_MQTT_MAX_CLIENTS} (1000), {@code GB_MQTT_MAX_SUBSCRIPTIONS} per client (100),
 *       {@code GB_MQTT_MAX_PAYLOAD} bytes of a published message (65536), {@code GB_MQTT_CLIENT_QUEUE}
 *       messages waiting for one slow client before the oldest are dropped (1000);</li>
 *   <li>the time a command waits for the mesh: {@code GB_QUERY_TIMEOUT_MS} + {@code GB_CATALOG_TIMEOUT_MS}
 *       + 2 s, as the HTTP API does, so that a catalog query times out at the gateway first;</li>
 *   <li>the optional bridge to an external broker: {@code GB_MQTT_BRIDGE_URL} ({@code tcp://host:port}),
 *       {@code GB_MQTT_BRIDGE_USER}, {@code GB_MQTT_BRIDGE_PASSWORD}, {@code GB_MQTT_BRIDGE_PREFIX}
 *       (prepended to every bridged topic, default none).</li>
 * </ul>
 */
public record MqttConfig(String host, int port, int maxClients, int maxSubscriptionsPerClient, int maxPayloadBytes,
                         int clientQueueSize, long commandTimeoutMillis, Bridge bridge) {

    /** Where events are also published; {@code prefix} is empty or ends with {@code /}. */
    public record Bridge(String host, int port, String username, String password, String prefix) {
        public Bridge {
            if (prefix == null) {
                prefix = "";
            } else if (!prefix.isEmpty() && !prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
        }

        /** Parses {@code tcp://host:port} (the port defaults to 1883). */
        public static Bridge of(String url, String username, String password, String prefix) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("GB_MQTT_BRIDGE_URL must look like tcp://host:port, not '" + url + "'");
            }
            if (!"tcp".equals(uri.getScheme()) && !"mqtt".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("GB_MQTT_BRIDGE_URL must look like tcp://host:port, not '" + url + "'");
            }
            return new Bridge(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort(), username, password, prefix);
        }
    }

    public MqttConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("GB_MQTT_PORT must be 0..65535");
        }
        if (maxClients < 1 || maxSubscriptionsPerClient < 1 || maxPayloadBytes < 1 || clientQueueSize < 1) {
            throw new IllegalArgumentException("MQTT limits must be positive");
        }
    }

    /** The defaults, listening on {@code host}:{@code port}, without a bridge. */
    public static MqttConfig defaults(String host, int port) {
        return new MqttConfig(host, port, 1000, 100, 64 * 1024, 1000, 27_000, null);
    }

    public static MqttConfig fromEnv(Env env) {
        String url = env.get("GB_MQTT_BRIDGE_URL", null);
        Bridge bridge = url == null ? null : Bridge.of(url, env.get("GB_MQTT_BRIDGE_USER", null),
                env.get("GB_MQTT_BRIDGE_PASSWORD", null), env.get("GB_MQTT_BRIDGE_PREFIX", ""));
        return new MqttConfig(env.get("GB_MQTT_HOST", "0.0.0.0"), env.getInt("GB_MQTT_PORT", 1883),
                env.getInt("GB_MQTT_MAX_CLIENTS", 1000), env.getInt("GB_MQTT_MAX_SUBSCRIPTIONS", 100),
                env.getInt("GB_MQTT_MAX_PAYLOAD", 64 * 1024), env.getInt("GB_MQTT_CLIENT_QUEUE", 1000),
                env.getInt("GB_QUERY_TIMEOUT_MS", 10_000) + env.getInt("GB_CATALOG_TIMEOUT_MS", 15_000) + 2_000L,
                bridge);
    }

    public MqttConfig withPort(int newPort) {
        return new MqttConfig(host, newPort, maxClients, maxSubscriptionsPerClient, maxPayloadBytes, clientQueueSize,
                commandTimeoutMillis, bridge);
    }

    public MqttConfig withBridge(Bridge newBridge) {
        return new MqttConfig(host, port, maxClients, maxSubscriptionsPerClient, maxPayloadBytes, clientQueueSize,
                commandTimeoutMillis, newBridge);
    }

    public MqttConfig withLimits(int clients, int subscriptionsPerClient, int payloadBytes, int queueSize) {
        return new MqttConfig(host, port, clients, subscriptionsPerClient, payloadBytes, queueSize,
                commandTimeoutMillis, bridge);
    }

    public MqttConfig withCommandTimeout(long millis) {
        return new MqttConfig(host, port, maxClients, maxSubscriptionsPerClient, maxPayloadBytes, clientQueueSize,
                millis, bridge);
    }
}
