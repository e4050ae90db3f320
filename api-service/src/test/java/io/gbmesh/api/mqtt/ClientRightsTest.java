package io.gbmesh.api.mqtt;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.testing.Await;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a client may do, over real MQTT connections: the token's scope decides whether it runs
 * commands, a client's reply topics are its own, and a client ID stays with the token that holds it.
 */
@Timeout(60)
class ClientRightsTest extends MqttEndpointTest {
    private static final String LIST = "{\"command\":\"list-devices\"}";
    private final List<MqttClient> clients = new ArrayList<>();

    /** A connected client and what it received. */
    private record Peer(MqttClient client, List<MqttPublishMessage> received, List<MqttSubAckMessage> subAcks) {
        void subscribe(String filter) {
            int before = subAcks.size();
            await(client.subscribe(filter, 1), 15_000);
            eventually("SUBACK of " + filter, () -> subAcks.size() > before);
        }

        void publish(String topic, String json) {
            await(client.publish(topic, Buffer.buffer(json), MqttQoS.AT_LEAST_ONCE, false, false), 15_000);
        }

        JsonObject nextOn(String topic, int before) {
            eventually("a message on " + topic, () -> received.size() > before);
            MqttPublishMessage m = received.get(before);
            assertEquals(topic, m.topicName());
            return new JsonObject(m.payload());
        }
    }

    @BeforeEach
    void deploy() {
        startEndpoint(MqttTestSupport.loopback());
    }

    @AfterEach
    void disconnect() {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                await(c.disconnect(), 15_000);
            }
        }
    }

    private Future<Peer> connect(String clientId, String token) {
        List<MqttPublishMessage> received = new CopyOnWriteArrayList<>();
        List<MqttSubAckMessage> subAcks = new CopyOnWriteArrayList<>();
        MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setUsername("app")
                .setPassword(token));
        c.publishHandler(received::add);
        c.subscribeCompletionHandler(subAcks::add);
        clients.add(c);
        return c.connect(endpoint.port(), "127.0.0.1").map(ack -> new Peer(c, received, subAcks));
    }

    private JsonObject command(Peer peer, String clientId, String requestId, String json) {
        int before = peer.received().size();
        peer.publish("gb/cmd/" + clientId + "/" + requestId, json);
        return peer.nextOn("gb/reply/" + clientId + "/" + requestId, before);
    }

    @Test
    void aReadTokenIsRefusedACommandAndAnAdminTokenRunsIt() {
        Peer reader = await(connect("dashboard", MqttTestSupport.READ_TOKEN), 15_000);
        reader.subscribe("gb/reply/dashboard/+");
        JsonObject refused = command(reader, "dashboard", "r1", LIST);
        assertEquals(false, refused.getBoolean("ok"), refused.encode());
        assertEquals(403, refused.getInteger("status"));
        assertEquals("token 'dashboard' may only read", refused.getString("error"));
        assertEquals(1, endpoint.counters().refusedCommands());

        Peer admin = await(connect("operator", MqttTestSupport.TOKEN), 15_000);
        admin.subscribe("gb/reply/operator/+");
        JsonObject ok = command(admin, "operator", "r1", LIST);
        assertEquals(true, ok.getBoolean("ok"), ok.encode());
        assertEquals(0, ok.getJsonObject("result").getInteger("total"));
        assertEquals(1, endpoint.counters().refusedCommands());
    }

    @Test
    void aReadTokenStillSubscribesToEvents() {
        Peer reader = await(connect("dashboard", MqttTestSupport.READ_TOKEN), 15_000);
        reader.subscribe("gb/devices/+/status");
        assertEquals(List.of(1), reader.subAcks().get(0).grantedQoSLevels());
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online("34020000001320000001", false));
        assertEquals("online", reader.nextOn("gb/devices/34020000001320000001/status", 0).getString("status"));
    }

    @Test
    void anotherClientsReplyTopicsAreRefusedInTheSuback() {
        Peer intruder = await(connect("intruder", MqttTestSupport.TOKEN), 15_000);
        intruder.subscribe("gb/reply/victim/#");
        intruder.subscribe("gb/reply/victim/r1");
        intruder.subscribe("gb/reply/intruder/#");
        assertEquals(List.of(0x80), intruder.subAcks().get(0).grantedQoSLevels());
        assertEquals(List.of(0x80), intruder.subAcks().get(1).grantedQoSLevels());
        assertEquals(List.of(1), intruder.subAcks().get(2).grantedQoSLevels(), "its own reply topics");
        assertEquals(2, endpoint.counters().refusedSubscriptions());
    }

    @Test
    void aCommandNamingAnotherClientIsAnsweredOnlyOnTheSendersTopicAndRefused() {
        Peer victim = await(connect("victim", MqttTestSupport.TOKEN), 15_000);
        victim.subscribe("gb/reply/victim/+");
        Peer intruder = await(connect("intruder", MqttTestSupport.TOKEN), 15_000);
        // a wildcard in the client level is granted, but sees the intruder's own replies only
        intruder.subscribe("gb/reply/+/+");
        intruder.publish("gb/cmd/victim/r1", LIST);
        JsonObject refused = intruder.nextOn("gb/reply/intruder/r1", 0);
        assertEquals(403, refused.getInteger("status"), refused.encode());
        assertEquals(1, endpoint.counters().refusedCommands());

        // the victim got nothing: its own next command is the first message it sees
        JsonObject own = command(victim, "victim", "r2", LIST);
        assertEquals(true, own.getBoolean("ok"), own.encode());
        assertEquals(1, victim.received().size(), "the victim received only its own reply");
        assertEquals(1, intruder.received().size(), "the intruder does not see the victim's reply");
    }

    @Test
    void aPublishOnAnotherClientsReplyTopicIsDiscarded() {
        Peer victim = await(connect("victim", MqttTestSupport.TOKEN), 15_000);
        victim.subscribe("gb/reply/victim/+");
        Peer intruder = await(connect("intruder", MqttTestSupport.TOKEN), 15_000);
        intruder.publish("gb/reply/victim/r1", "{\"ok\":true,\"result\":\"forged\"}");
        eventually("the forged reply to be counted", () -> endpoint.counters().refusedPublishes() == 1);
        JsonObject own = command(victim, "victim", "r1", LIST);
        assertEquals(true, own.getBoolean("ok"), own.encode());
        assertEquals(1, victim.received().size(), "no forged reply before the real one");
    }

    @Test
    void aClientIdIsNotTakenOverWithAnotherToken() {
        Peer first = await(connect("camera-wall", MqttTestSupport.TOKEN), 15_000);
        first.subscribe("gb/reply/camera-wall/+");
        Throwable refused = connect("camera-wall", MqttTestSupport.OTHER_TOKEN).toCompletionStage()
                .handle((peer, err) -> err).toCompletableFuture().join();
        MqttConnectionException e = assertInstanceOf(MqttConnectionException.class, refused);
        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, e.code());
        assertEquals(1, endpoint.counters().refusedTakeovers());
        assertTrue(first.client().isConnected(), "the holder stays connected");
        assertEquals(1, endpoint.counters().connected());
        // and keeps its session: its subscription still works
        JsonObject ok = command(first, "camera-wall", "r1", LIST);
        assertEquals(true, ok.getBoolean("ok"), ok.encode());
    }

    @Test
    void theSameTokenMayTakeItsClientIdOver() {
        Peer first = await(connect("camera-wall", MqttTestSupport.TOKEN), 15_000);
        Peer second = await(connect("camera-wall", MqttTestSupport.TOKEN), 15_000);
        eventually("the first connection to close", () -> !first.client().isConnected());
        assertTrue(second.client().isConnected());
        assertEquals(0, endpoint.counters().refusedTakeovers());
    }
}
