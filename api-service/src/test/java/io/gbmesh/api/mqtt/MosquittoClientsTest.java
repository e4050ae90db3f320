package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.MqttTestSupport.TOKEN;
import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.mqtt.MqttTestSupport.Client;
import io.gbmesh.api.mqtt.MqttTestSupport.Result;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoint as Debian's mosquitto_sub and mosquitto_pub see it. */
@Timeout(60)
class MosquittoClientsTest extends MqttEndpointTest {
    private static final String DEVICE = "34020000001320000001";

    @BeforeEach
    void deploy() {
        startEndpoint(MqttTestSupport.loopback());
    }

    private String port() {
        return String.valueOf(endpoint.port());
    }

    private Client sub(String topic, int count, String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of("mosquitto_sub", "-h", "127.0.0.1", "-p", port(),
                "-u", "viewer", "-P", TOKEN, "-t", topic, "-v", "-C", String.valueOf(count), "-W", "10"));
        cmd.addAll(List.of(extra));
        return Client.start(cmd.toArray(String[]::new));
    }

    @Test
    void aSubscriberSeesADeviceComeOnline() {
        Client sub = sub("gb/devices/+/status", 1, "-R");
        eventually("the subscription", () -> endpoint.counters().subscriptions() == 1);
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        Result r = sub.finish();
        assertEquals(0, r.exitCode(), r.output());
        String line = r.lines().get(0);
        assertTrue(line.startsWith("gb/devices/" + DEVICE + "/status "), line);
        JsonObject status = new JsonObject(line.substring(line.indexOf(' ') + 1));
        assertEquals("online", status.getString("status"));
        assertEquals(DEVICE, status.getString("deviceId"));
        assertEquals("gw-1", status.getString("gatewayNode"));
    }

    @Test
    void aLateSubscriberGetsTheRetainedStatus() {
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        vertx.eventBus().publish(Addresses.DEVICE_OFFLINE,
                new io.gbmesh.contracts.DeviceOffline("34020000001320000002", "gw-1", OfflineReason.UNREGISTERED, 1L));
        eventually("the retained statuses", () -> await(endpoint.retainedCount(), 15_000) == 2);
        Result r = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-u", "viewer", "-P", TOKEN,
                "-t", "gb/devices/+/status", "-v", "-C", "2", "-W", "10", "-F", "%r %t %p");
        assertEquals(0, r.exitCode(), r.output());
        String all = r.output();
        assertTrue(all.contains("1 gb/devices/" + DEVICE + "/status {\"deviceId\":\"" + DEVICE + "\",\"status\":\"online\""),
                all);
        assertTrue(all.contains("1 gb/devices/34020000001320000002/status {\"deviceId\":\"34020000001320000002\","
                + "\"status\":\"offline\",\"reason\":\"UNREGISTERED\""), all);
    }

    @Test
    void aCommandIsAnsweredOnItsReplyTopic() {
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP), 15_000);
        await(registry.put(DEVICE, MqttTestSupport.registration(DEVICE, "gw-7")), 15_000);
        Result r = request(TOKEN, "c1", "gb/cmd/c1/r1", "gb/reply/c1/r1", "1", "{\"command\":\"list-devices\"}");
        assertEquals(0, r.exitCode(), r.output());
        String line = r.lines().get(0);
        assertTrue(line.startsWith("gb/reply/c1/r1 "), line);
        JsonObject reply = new JsonObject(line.substring(line.indexOf(' ') + 1));
        assertEquals(true, reply.getBoolean("ok"), reply.encode());
        JsonObject result = reply.getJsonObject("result");
        assertEquals(1, result.getInteger("total"));
        assertEquals(DEVICE, result.getJsonArray("devices").getJsonObject(0).getString("deviceId"));
        assertEquals("gw-7", result.getJsonArray("devices").getJsonObject(0).getString("gatewayNode"));
    }

    @Test
    void aQos2CommandIsAnsweredOnce() {
        Result r = request(TOKEN, "c2", "gb/cmd/c2/r9", "gb/reply/c2/r9", "2", "{\"command\":\"list-devices\"}");
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("gb/reply/c2/r9 {\"ok\":true,\"result\":{\"total\":0,\"offset\":0,\"devices\":[]}}"),
                r.lines().stream().filter(l -> l.startsWith("gb/")).toList(), r.output());
        assertEquals(1, endpoint.counters().commands());
        assertEquals(1, endpoint.counters().publishesOut(), "one reply written");
    }

    /**
     * One request and its reply on one connection, as a command needs (the reply topic is the
     * sender's own): mosquitto_rr in MQTT 3.1.1 mode subscribes to {@code replyFilter}, publishes,
     * prints the first reply and ends.
     */
    private Result request(String token, String clientId, String topic, String replyFilter, String qos, String json) {
        return MqttTestSupport.run("mosquitto_rr", "-V", "311", "-h", "127.0.0.1", "-p", port(), "-u", "app",
                "-P", token, "-i", clientId, "-t", topic, "-e", replyFilter, "-q", qos, "-m", json, "-v", "-W", "10");
    }

    @Test
    void aReadTokenCannotRunACommand() {
        Result r = request(MqttTestSupport.READ_TOKEN, "dash", "gb/cmd/dash/r1", "gb/reply/dash/r1", "1",
                "{\"command\":\"list-devices\"}");
        assertEquals(0, r.exitCode(), r.output());
        String line = r.lines().get(0);
        assertTrue(line.startsWith("gb/reply/dash/r1 "), line);
        JsonObject reply = new JsonObject(line.substring(line.indexOf(' ') + 1));
        assertEquals(false, reply.getBoolean("ok"), reply.encode());
        assertEquals(403, reply.getInteger("status"), reply.encode());
        assertEquals(1, endpoint.counters().refusedCommands());
    }

    @Test
    void anotherClientsReplyTopicsCannotBeSubscribed() {
        Result r = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-u", "viewer", "-P", TOKEN,
                "-i", "intruder", "-t", "gb/reply/victim/#", "-C", "1", "-W", "5");
        assertTrue(r.output().contains("All subscription requests were denied"), r.output());
        assertEquals(1, endpoint.counters().refusedSubscriptions());
        assertEquals(0, endpoint.counters().subscriptions());
    }

    @Test
    void aWrongTokenIsRefused() {
        Result r = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-u", "viewer",
                "-P", "not-the-token", "-t", "gb/#", "-C", "1", "-W", "5");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.output().toLowerCase(Locale.ROOT).contains("bad user name or password"), r.output());
        assertEquals(1, endpoint.counters().refusedLogins());
        assertEquals(0, endpoint.counters().connections());
    }

    @Test
    void aMissingTokenIsNotAuthorised() {
        Result r = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", port(), "-t", "gb/#", "-C", "1",
                "-W", "5");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.output().toLowerCase(Locale.ROOT).contains("not authori"), r.output());
    }
}
