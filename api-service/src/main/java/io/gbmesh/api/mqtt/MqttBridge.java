package io.gbmesh.api.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the endpoint's event topics to an external broker too, under a prefix, at QoS 1, with
 * status topics retained there as well.
 *
 * <p>When the broker is unreachable or drops the connection, the bridge connects again after a delay
 * that doubles from {@value #MIN_BACKOFF_MS} ms up to {@value #MAX_BACKOFF_MS} ms. Events that happen
 * while it is away are counted as dropped, not queued; on every (re)connection it publishes all retained
 * statuses, so the broker's view of which device is online is current again.
 */
final class MqttBridge {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBridge.class);
    static final long MIN_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 30_000;
    private static final int MAX_INFLIGHT = 1000;

    private final Vertx vertx;
    private final MqttConfig.Bridge config;
    private final Supplier<Iterable<Publication>> retained;
    private final MqttCounters counters;
    private final String clientId = "gbmesh-" + UUID.randomUUID().toString().substring(0, 8);
    private MqttClient client;
    private boolean connected;
    private boolean stopped;
    private long backoffMs = MIN_BACKOFF_MS;
    private long reconnectTimer = -1;

    MqttBridge(Vertx vertx, MqttConfig.Bridge config, Supplier<Iterable<Publication>> retained, MqttCounters counters) {
        this.vertx = vertx;
        this.config = config;
        this.retained = retained;
        this.counters = counters;
    }

    /** Starts connecting; does not wait for the broker, which may come later. */
    void start() {
        connect();
    }

    boolean isConnected() {
        return connected;
    }

    void publish(Publication p) {
        if (!connected) {
            counters.bridgeDropped.incrementAndGet();
            return;
        }
        client.publish(config.prefix() + p.topic(), p.payload(), MqttQoS.AT_LEAST_ONCE, false, p.retained())
                .onSuccess(id -> counters.bridgedOut.incrementAndGet())
                .onFailure(err -> counters.bridgeDropped.incrementAndGet());
    }

    private void connect() {
        if (stopped) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions().setClientId(clientId).setCleanSession(true)
                .setMaxInflightQueue(MAX_INFLIGHT).setAutoKeepAlive(true).setKeepAliveInterval(30);
        if (config.username() != null) {
            options.setUsername(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password());
        }
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.closeHandler(v -> {
            if (client == c && connected) {
                connected = false;
                LOG.warn("MQTT bridge to {}:{} lost; reconnecting", config.host(), config.port());
                scheduleReconnect();
            }
        });
        c.connect(config.port(), config.host()).onComplete(ar -> {
            if (stopped) {
                c.disconnect();
                return;
            }
            if (ar.failed()) {
                LOG.warn("MQTT bridge to {}:{} failed: {}; retrying in {} ms", config.host(), config.port(),
                        ar.cause().getMessage(), backoffMs);
                scheduleReconnect();
                return;
            }
            connected = true;
            backoffMs = MIN_BACKOFF_MS;
            LOG.info("MQTT bridge connected to {}:{} as {}", config.host(), config.port(), clientId);
            for (Publication p : retained.get()) {
                publish(p);
            }
        });
    }

    private void scheduleReconnect() {
        if (stopped || reconnectTimer >= 0) {
            return;
        }
        long delay = backoffMs;
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        reconnectTimer = vertx.setTimer(delay, id -> {
            reconnectTimer = -1;
            connect();
        });
    }

    Future<Void> stop() {
        stopped = true;
        if (reconnectTimer >= 0) {
            vertx.cancelTimer(reconnectTimer);
            reconnectTimer = -1;
        }
        boolean wasConnected = connected;
        connected = false;
        return wasConnected ? client.disconnect().recover(err -> Future.succeededFuture()) : Future.succeededFuture();
    }
}
