package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.MqttTestSupport.TOKEN;
import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.testing.Await;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoint as Vert.x's own MQTT client sees it: QoS, wildcards, commands, limits. */
@Timeout(60)
class JavaClientTest extends MqttEndpointTest {
    private static final String DEVICE = "34020000001320000001";
    private MqttClient client;
    private final List<MqttPublishMessage> received = new CopyOnWriteArrayList<>();
    private final List<MqttSubAckMessage> subAcks = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deploy() {
        startEndpoint(MqttTestSupport.loopback().withLimits(10, 3, 64 * 1024, 100));
        client = connect("java-client");
    }

    @AfterEach
    void disconnect() {
        if (client.isConnected()) {
            await(client.disconnect(), 15_000);
        }
    }

    private MqttClient connect(String clientId) {
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setUsername("app")
                .setPassword(TOKEN));
        c.publishHandler(received::add);
        c.subscribeCompletionHandler(subAcks::add);
        await(c.connect(endpoint.port(), "127.0.0.1"), 15_000);
        return c;
    }

    private void subscribe(String filter, int qos) {
        int before = subAcks.size();
        await(client.subscribe(filter, qos), 15_000);
        eventually("SUBACK", () -> subAcks.size() > before);
    }

    private List<MqttPublishMessage> waitFor(int count) {
        eventually(count + " messages", () -> received.size() >= count);
        return List.copyOf(received);
    }

    private JsonObject command(String requestId, String json) {
        subscribe("gb/reply/java-client/+", 1);
        int before = received.size();
        await(client.publish("gb/cmd/java-client/" + requestId, Buffer.buffer(json), MqttQoS.AT_LEAST_ONCE, false, false), 15_000);
        eventually("the reply to " + requestId, () -> received.size() > before);
        MqttPublishMessage reply = received.get(before);
        assertEquals("gb/reply/java-client/" + requestId, reply.topicName());
        return new JsonObject(reply.payload());
    }

    @Test
    void qos1DeliveriesCarryAPacketIdAndAreAcknowledged() {
        subscribe("gb/devices/+/status", 1);
        assertEquals(List.of(1), subAcks.get(0).grantedQoSLevels());
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        MqttPublishMessage m = waitFor(1).get(0);
        assertEquals(MqttQoS.AT_LEAST_ONCE, m.qosLevel());
        assertTrue(m.messageId() > 0);
        assertFalse(m.isRetain());
        eventually("the PUBACK", () -> endpoint.counters().acknowledged() == 1);
    }

    @Test
    void qos0SubscriptionsGetQos0AndQos2IsGrantedAsQos1() {
        subscribe("gb/streams/+", 0);
        subscribe("gb/devices/#", 2);
        assertEquals(List.of(0), subAcks.get(0).grantedQoSLevels());
        assertEquals(List.of(1), subAcks.get(1).grantedQoSLevels());
        vertx.eventBus().publish(Addresses.STREAM_STARTED, started("s-9"));
        assertEquals(MqttQoS.AT_MOST_ONCE, waitFor(1).get(0).qosLevel());
    }

    @Test
    void theMultiLevelWildcardSeesDeviceAndStreamEvents() {
        subscribe("gb/#", 1);
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        vertx.eventBus().publish(Addresses.STREAM_STARTED, started("s-1"));
        vertx.eventBus().publish(Addresses.STREAM_STOPPED,
                new StreamStopped("s-1", DEVICE, "34020000001310000001", "media-1", "closed", null, 2L));
        List<String> topics = waitFor(4).stream().map(MqttPublishMessage::topicName).toList();
        assertEquals(List.of("gb/devices/" + DEVICE + "/status", "gb/devices/" + DEVICE + "/events",
                "gb/streams/s-1", "gb/streams/s-1"), topics);
        JsonObject stopped = new JsonObject(received.get(3).payload());
        assertEquals("StreamStopped", stopped.getString("@type"));
        assertEquals("closed", stopped.getString("reason"));
        eventually("four PUBACKs", () -> endpoint.counters().acknowledged() == 4);
    }

    @Test
    void anOverlappingSubscriptionDeliversOnce() {
        subscribe("gb/#", 1);
        subscribe("gb/streams/+", 0);
        vertx.eventBus().publish(Addresses.STREAM_STARTED, started("s-2"));
        waitFor(1);
        vertx.eventBus().publish(Addresses.STREAM_STARTED, started("s-3"));
        waitFor(2);
        assertEquals(List.of("gb/streams/s-2", "gb/streams/s-3"),
                received.stream().map(MqttPublishMessage::topicName).toList());
        assertEquals(MqttQoS.AT_LEAST_ONCE, received.get(0).qosLevel());
    }

    @Test
    void filtersBeyondTheLimitAreRefusedInTheSuback() {
        subscribe("a", 0);
        subscribe("b", 0);
        subscribe("c", 0);
        subscribe("a", 1);
        assertEquals(List.of(1), subAcks.get(3).grantedQoSLevels());
        subscribe("d", 0);
        assertEquals(List.of(0x80), subAcks.get(4).grantedQoSLevels());
        assertEquals(3, endpoint.counters().subscriptions());
        await(client.unsubscribe("b"), 15_000);
        eventually("the unsubscription", () -> endpoint.counters().subscriptions() == 2);
        subscribe("d", 0);
        assertEquals(List.of(0), subAcks.get(5).grantedQoSLevels());
    }

    @Test
    void deviceInfoAsksTheDeviceThroughTheBus() {
        MessageConsumer<DeviceQuery> gateway = vertx.eventBus().consumer(Addresses.DEVICE_QUERY, m -> {
            DeviceQuery q = m.body();
            if (q.kind() == DeviceQuery.Kind.DEVICE_INFO && q.deviceId().equals(DEVICE)) {
                m.reply(new DeviceInfo(DEVICE, "gate camera", "Hikvision", "DS-2CD2T47", "V5.7.3", 1));
            } else {
                m.fail(QueryFailure.UNKNOWN_DEVICE, "device " + q.deviceId() + " is not online");
            }
        });
        await(gateway.completion(), 15_000);
        try {
            JsonObject ok = command("r1", "{\"command\":\"device-info\",\"deviceId\":\"" + DEVICE + "\"}");
            assertEquals(true, ok.getBoolean("ok"), ok.encode());
            assertEquals("Hikvision", ok.getJsonObject("result").getString("manufacturer"));
            JsonObject missing = command("r2", "{\"command\":\"refresh-catalog\",\"deviceId\":\"34020000001320000099\"}");
            assertEquals(new JsonObject().put("ok", false).put("status", 404)
                    .put("error", "device 34020000001320000099 is not online"), missing);
        } finally {
            await(gateway.unregister(), 15_000);
        }
    }

    @Test
    void aQueryWithoutAGatewayIsUnavailable() {
        JsonObject r = command("r1", "{\"command\":\"device-info\",\"deviceId\":\"" + DEVICE + "\"}");
        assertEquals(503, r.getInteger("status"), r.encode());
    }

    @Test
    void malformedAndUnknownCommandsGetErrorReplies() {
        assertEquals(400, command("r1", "{not json").getInteger("status"));
        assertEquals(400, command("r2", "[1,2]").getInteger("status"));
        assertEquals(400, command("r3", "{\"command\":\"reboot-everything\"}").getInteger("status"));
        assertEquals(400, command("r4", "{\"command\":\"device-info\",\"deviceId\":\"12\"}").getInteger("status"));
        assertEquals(400, command("r5", "{\"command\":\"list-devices\",\"limit\":\"many\"}").getInteger("status"));
        JsonObject still = command("r6", "{\"command\":\"list-devices\"}");
        assertEquals(true, still.getBoolean("ok"), still.encode());
    }

    @Test
    void liveCommandsWithoutAServiceAreUnavailable() {
        JsonObject r = command("r1", "{\"command\":\"start-live\",\"deviceId\":\"" + DEVICE + "\"}");
        assertEquals(false, r.getBoolean("ok"));
        assertEquals(503, r.getInteger("status"));
        assertTrue(r.getString("error").contains(Commands.LIVE_START), r.encode());
    }

    @Test
    void liveCommandsAreRelayedToTheBusAndTheirReplyReturned() {
        MessageConsumer<JsonObject> live = vertx.eventBus().consumer(Commands.LIVE_START,
                m -> m.reply(new JsonObject().put("streamId", "s-77").put("asked", m.body())));
        MessageConsumer<JsonObject> stop = vertx.eventBus().consumer(Commands.LIVE_STOP,
                m -> m.fail(404, "no stream " + m.body().getString("streamId")));
        await(live.completion(), 15_000);
        await(stop.completion(), 15_000);
        try {
            JsonObject r = command("r1", "{\"command\":\"start-live\",\"deviceId\":\"" + DEVICE
                    + "\",\"channelId\":\"34020000001310000001\"}");
            assertEquals(true, r.getBoolean("ok"), r.encode());
            assertEquals("s-77", r.getJsonObject("result").getString("streamId"));
            assertEquals(new JsonObject().put("deviceId", DEVICE).put("channelId", "34020000001310000001"),
                    r.getJsonObject("result").getJsonObject("asked"));
            JsonObject s = command("r2", "{\"command\":\"stop-stream\",\"streamId\":\"s-1\"}");
            assertEquals(new JsonObject().put("ok", false).put("status", 404).put("error", "no stream s-1"), s);
        } finally {
            await(live.unregister(), 15_000);
            await(stop.unregister(), 15_000);
        }
    }

    @Test
    void repliesGoOnlyToSubscribersOfTheReplyTopic() {
        subscribe("gb/devices/#", 1);
        MqttClient other = connect("other-client");
        try {
            JsonObject r = command("r1", "{\"command\":\"list-devices\"}");
            assertEquals(true, r.getBoolean("ok"));
            assertEquals(1, received.size());
        } finally {
            await(other.disconnect(), 15_000);
        }
    }

    @Test
    void publishesToOtherTopicsAreDiscarded() {
        subscribe("gb/#", 1);
        await(client.publish("gb/devices/" + DEVICE + "/status", Buffer.buffer("{\"status\":\"online\"}"),
                MqttQoS.AT_LEAST_ONCE, false, true), 15_000);
        eventually("the publish", () -> endpoint.counters().ignoredPublishes() == 1);
        assertEquals(0, received.size());
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOver() {
        MqttClient second = connect("java-client");
        eventually("the first connection to close", () -> !client.isConnected());
        assertEquals(1, endpoint.counters().connected());
        await(second.disconnect(), 15_000);
    }

    private static StreamStarted started(String streamId) {
        return new StreamStarted(streamId, DEVICE, "34020000001310000001", "media-1", "H264", 704, 576, 1L);
    }
}
