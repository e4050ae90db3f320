package io.gbmesh.api.mqtt;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.store.ApiReplicas;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.Transport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two api-service replicas (the whole role: HTTP, event ingest, MQTT) and a gateway side, each a
 * clustered Vert.x of one Hazelcast cluster on loopback, the replicas sharing one database. The
 * gateway side does what the gateway does: writes the registry map, then publishes the event. Real
 * MQTT clients count what each of their connections receives.
 */
@Timeout(180)
class MqttReplicasTest {
    private static final String ADMIN = "gbm_replicas-admin-0123456789abcdef";
    private static final String STATUS = "gb/devices/+/status";
    private static final String PROBE = "34020000001320009999";

    private ApiReplicas replicas;
    private Vertx clients;
    private Vertx gatewaySide;
    private AsyncMap<String, String> registry;
    private long lastEventAt;

    /** What one MQTT connection received: topic → payloads, in order. */
    private static final class Connection {
        final List<String[]> received = new CopyOnWriteArrayList<>();
        final MqttClient client;

        Connection(Vertx vertx, String clientId, int port) {
            client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setUsername("app")
                    .setPassword(ADMIN).setCleanSession(true));
            client.publishHandler(m -> received.add(new String[] {m.topicName(), m.payload().toString(),
                    String.valueOf(m.isRetain())}));
            await(client.connect(port, "127.0.0.1"), 15_000);
            await(client.subscribe(STATUS, 1), 15_000);
        }

        List<String[]> of(String deviceId) {
            List<String[]> out = new ArrayList<>();
            for (String[] m : received) {
                if (m[0].equals(EventTopics.statusTopic(deviceId))) {
                    out.add(m);
                }
            }
            return out;
        }

        String lastStatus(String deviceId) {
            List<String[]> mine = of(deviceId);
            return mine.isEmpty() ? null : new JsonObject(mine.get(mine.size() - 1)[1]).getString("status");
        }
    }

    @BeforeEach
    void cluster() {
        replicas = new ApiReplicas("mqtt_replicas", ADMIN, 25701);
        clients = Vertx.vertx();
        gatewaySide = member();
        registry = await(gatewaySide.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
    }

    @AfterEach
    void close() {
        replicas.close();
        await(clients.close(), 15_000);
    }

    private Vertx member() {
        return replicas.member();
    }

    private ApiRole replica(Vertx vertx) {
        return replicas.replica(vertx);
    }

    private long nextAt() {
        lastEventAt = Math.max(System.currentTimeMillis(), lastEventAt + 1);
        return lastEventAt;
    }

    /** As the gateway: the registration into the registry, then the event. */
    private void online(String deviceId) {
        await(registry.put(deviceId, MqttTestSupport.registration(deviceId, "gw-1")), 15_000);
        gatewaySide.eventBus().publish(Addresses.DEVICE_ONLINE, new DeviceOnline(deviceId, "gw-1", Transport.UDP,
                "127.0.0.1", 5060, "sip:" + deviceId + "@127.0.0.1:5060", 3600, nextAt(), false));
    }

    private void offline(String deviceId) {
        await(registry.remove(deviceId), 15_000);
        gatewaySide.eventBus().publish(Addresses.DEVICE_OFFLINE,
                new DeviceOffline(deviceId, "gw-1", OfflineReason.KEEPALIVE_TIMEOUT, nextAt()));
    }

    /**
     * The replicas' event consumers are known to the gateway side: a probe device's status reached
     * every connection. It may be published more than once; the tests count other devices only.
     */
    private void probe(Connection... connections) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (true) {
            online(PROBE);
            long round = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < round) {
                boolean all = true;
                for (Connection c : connections) {
                    all &= !c.of(PROBE).isEmpty();
                }
                if (all) {
                    return;
                }
                sleep(20);
            }
            assertTrue(System.nanoTime() < deadline, "the replicas never received the probe's event");
        }
    }

    private static String device(int i) {
        return String.format("340200000013200%05d", i);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void everyConnectionReceivesEveryEventOncePerReplica() {
        Vertx a = member();
        Vertx b = member();
        ApiRole roleA = replica(a);
        ApiRole roleB = replica(b);
        Connection onA = new Connection(clients, "only-a", roleA.mqttPort());
        Connection onB = new Connection(clients, "only-b", roleB.mqttPort());
        // one application connected to both replicas, with the same client ID on each
        Connection bothA = new Connection(clients, "both", roleA.mqttPort());
        Connection bothB = new Connection(clients, "both", roleB.mqttPort());
        Connection[] all = {onA, onB, bothA, bothB};
        probe(all);

        int events = 20;
        for (int i = 0; i < events; i++) {
            if (i % 2 == 0) {
                online(device(i / 2));
            } else {
                offline(device(i / 2));
            }
        }
        eventually("every event on every connection", () -> {
            for (Connection c : all) {
                for (int d = 0; d < events / 2; d++) {
                    if (!"offline".equals(c.lastStatus(device(d)))) {
                        return false;
                    }
                }
            }
            return true;
        });
        sleep(1_000); // room for a duplicate to show up
        for (Connection c : all) {
            int total = 0;
            for (int d = 0; d < events / 2; d++) {
                List<String[]> got = c.of(device(d));
                assertEquals(2, got.size(), c.client.clientId() + " got " + got.size() + " statuses of " + device(d));
                assertEquals("online", new JsonObject(got.get(0)[1]).getString("status"));
                assertEquals("offline", new JsonObject(got.get(1)[1]).getString("status"));
                total += got.size();
            }
            assertEquals(events, total);
        }
    }

    @Test
    void aRestartedReplicaStillHasEveryStatusAndTheOtherKeepsServing() throws Exception {
        Vertx a = member();
        Vertx b = member();
        ApiRole roleA = replica(a);
        ApiRole roleB = replica(b);
        Connection onA = new Connection(clients, "watcher-a", roleA.mqttPort());
        Connection onB = new Connection(clients, "watcher-b", roleB.mqttPort());
        probe(onA, onB);
        String stays = device(1);
        String leaves = device(2);
        String comes = device(3);
        online(stays);
        online(leaves);
        eventually("both online on B", () -> "online".equals(onB.lastStatus(leaves)) && onB.lastStatus(stays) != null);

        // B's Vert.x leaves the cluster; meanwhile one device goes offline and another comes online
        replicas.leave(b);
        offline(leaves);
        online(comes);
        eventually("A serving while B is down", () -> "offline".equals(onA.lastStatus(leaves)) && "online".equals(onA.lastStatus(comes)));
        eventually("the offline state in the database", () -> !deviceOnline(roleA, leaves));

        Vertx b2 = member();
        ApiRole roleB2 = replica(b2);
        Connection late = new Connection(clients, "late-b", roleB2.mqttPort());
        eventually("the retained statuses on the restarted B",
                () -> late.lastStatus(stays) != null && late.lastStatus(leaves) != null && late.lastStatus(comes) != null);
        assertRetained(late, stays, "online", "registry");
        assertRetained(late, comes, "online", "registry");
        assertRetained(late, leaves, "offline", "KEEPALIVE_TIMEOUT");

        // the same, seen by a Mosquitto client: the four retained statuses (with the probe's) and nothing else
        MqttTestSupport.Result r = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p",
                String.valueOf(roleB2.mqttPort()), "-u", "viewer", "-P", ADMIN, "-t", STATUS, "-v", "--retained-only",
                "-C", "4", "-W", "10");
        assertEquals(0, r.exitCode(), r.output());
        String out = r.output();
        assertTrue(out.contains(EventTopics.statusTopic(leaves) + " {") && out.contains("\"status\":\"offline\""), out);
        assertTrue(out.contains(EventTopics.statusTopic(stays) + " {"), out);
        assertTrue(out.contains(EventTopics.statusTopic(comes) + " {"), out);

        // after the restart an event reaches both replicas' subscribers once
        String after = device(4);
        online(after);
        eventually("the new event on A and B", () -> !onA.of(after).isEmpty() && !late.of(after).isEmpty());
        sleep(1_000);
        assertEquals(1, onA.of(after).size());
        assertEquals(1, late.of(after).size());
        assertEquals(1, onA.of(stays).size());
        assertEquals(2, onA.of(leaves).size());
        assertEquals(1, onA.of(comes).size());
        assertEquals("false", onA.of(after).get(0)[2], "a live event is not flagged retained");
    }

    private static void assertRetained(Connection c, String deviceId, String status, String reason) {
        List<String[]> got = c.of(deviceId);
        assertEquals(1, got.size(), deviceId);
        assertEquals("true", got.get(0)[2], deviceId + " retained");
        JsonObject json = new JsonObject(got.get(0)[1]);
        assertEquals(status, json.getString("status"), json.encode());
        assertEquals(reason, json.getString("reason"), json.encode());
        assertEquals("gw-1", json.getString("gatewayNode"), json.encode());
    }

    /** The device's state through replica A's HTTP API (the database, and the registry for online). */
    private static boolean deviceOnline(ApiRole role, String deviceId) {
        try {
            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + role.httpPort() + "/api/v1/devices/" + deviceId))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            return res.statusCode() != 200 || new JsonObject(res.body()).getBoolean("online");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
