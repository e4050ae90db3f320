package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.MqttTestSupport.TOKEN;
import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A replica that starts again knows which devices are online from the cluster registry, and which are
 * offline from the database.
 */
@Timeout(60)
class RestartTest {
    private static final String DEVICE = "34020000001320000005";
    private Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
    }

    @AfterEach
    void close() {
        await(vertx.close(), 15_000);
    }

    private List<MqttPublishMessage> retainedStatuses(MqttVerticle endpoint, int count) {
        List<MqttPublishMessage> received = new CopyOnWriteArrayList<>();
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setUsername("app").setPassword(TOKEN));
        c.publishHandler(received::add);
        await(c.connect(endpoint.port(), "127.0.0.1"), 15_000);
        await(c.subscribe("gb/devices/+/status", 1), 15_000);
        eventually(count + " retained statuses", () -> received.size() >= count);
        await(c.disconnect(), 15_000);
        return received;
    }

    @Test
    void aRestartedEndpointDeliversTheStatusesOfTheRegistry() {
        MqttVerticle first = new MqttVerticle(MqttTestSupport.loopback(), MqttTestSupport.VERIFIER);
        String deployment = await(vertx.deployVerticle(first), 15_000);
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
        await(registry.put(DEVICE, MqttTestSupport.registration(DEVICE, "gw-3")), 15_000);
        await(vertx.undeploy(deployment), 15_000);

        MqttVerticle second = new MqttVerticle(MqttTestSupport.loopback(), MqttTestSupport.VERIFIER);
        await(vertx.deployVerticle(second), 15_000);
        MqttPublishMessage m = retainedStatuses(second, 1).get(0);
        assertEquals("gb/devices/" + DEVICE + "/status", m.topicName());
        assertTrue(m.isRetain());
        JsonObject status = new JsonObject(m.payload());
        assertEquals("online", status.getString("status"));
        assertEquals("registry", status.getString("reason"));
        assertEquals("gw-3", status.getString("gatewayNode"));
    }

    @Test
    void anEventSinceStartIsFresherThanTheRegistry() {
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
        await(registry.put(DEVICE, MqttTestSupport.registration(DEVICE, "gw-3")), 15_000);
        MqttVerticle endpoint = new MqttVerticle(MqttTestSupport.loopback(), MqttTestSupport.VERIFIER);
        await(vertx.deployVerticle(endpoint), 15_000);
        vertx.eventBus().publish(Addresses.DEVICE_OFFLINE,
                new DeviceOffline(DEVICE, "gw-3", OfflineReason.KEEPALIVE_TIMEOUT, 42L));
        eventually("the offline status", () -> {
            List<MqttPublishMessage> r = retainedStatuses(endpoint, 1);
            return "offline".equals(new JsonObject(r.get(0).payload()).getString("status"));
        });
    }
    @Test
    void theDatabaseGivesTheOfflineDevicesAndTheRegistryWinsForOnlineOnes() {
        String gone = "34020000001320000006";
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
        await(registry.put(DEVICE, MqttTestSupport.registration(DEVICE, "gw-3")), 15_000);
        // the database still has DEVICE offline (it registered again since) and knows gone is offline
        OfflineDevices stored = () -> Future.succeededFuture(List.of(
                new DeviceOffline(DEVICE, "gw-3", OfflineReason.KEEPALIVE_TIMEOUT, 7L),
                new DeviceOffline(gone, "gw-1", OfflineReason.UNREGISTERED, 9L)));
        MqttVerticle endpoint = new MqttVerticle(MqttTestSupport.loopback(), MqttTestSupport.VERIFIER, stored);
        await(vertx.deployVerticle(endpoint), 15_000);
        Map<String, JsonObject> byTopic = new HashMap<>();
        for (MqttPublishMessage m : retainedStatuses(endpoint, 2)) {
            assertTrue(m.isRetain());
            byTopic.put(m.topicName(), new JsonObject(m.payload()));
        }
        assertEquals("online", byTopic.get("gb/devices/" + DEVICE + "/status").getString("status"));
        JsonObject off = byTopic.get("gb/devices/" + gone + "/status");
        assertEquals("offline", off.getString("status"));
        assertEquals("UNREGISTERED", off.getString("reason"));
        assertEquals("gw-1", off.getString("gatewayNode"));
        assertEquals(9L, off.getLong("at"));
    }

    @Test
    void anEndpointStartsWhenTheDatabaseCannotSay() {
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
        await(registry.put(DEVICE, MqttTestSupport.registration(DEVICE, "gw-3")), 15_000);
        MqttVerticle endpoint = new MqttVerticle(MqttTestSupport.loopback(), MqttTestSupport.VERIFIER,
                () -> Future.failedFuture("connection refused"));
        await(vertx.deployVerticle(endpoint), 15_000);
        assertEquals(1, await(endpoint.retainedCount(), 15_000));
    }
}
