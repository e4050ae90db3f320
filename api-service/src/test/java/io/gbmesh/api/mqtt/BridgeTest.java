package io.gbmesh.api.mqtt;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.api.mqtt.MqttTestSupport.Client;
import io.gbmesh.api.mqtt.MqttTestSupport.Result;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events reach an external broker: the Mosquitto that runs on 127.0.0.1:1883 on this machine and in CI. */
@Timeout(60)
class BridgeTest {
    private static final String DEVICE = "34020000001320000007";
    private Vertx vertx;
    private final String prefix = "gbmesh-test/" + UUID.randomUUID();

    @BeforeEach
    void brokerListens() {
        boolean listening;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 1883), 1000);
            listening = true;
        } catch (IOException e) {
            listening = false;
        }
        assumeTrue(listening, "skipped: no MQTT broker listens on 127.0.0.1:1883 (install and start mosquitto)");
        vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
    }

    @AfterEach
    void close() {
        if (vertx != null) {
            await(vertx.close(), 15_000);
        }
        // leave no retained message of this run on the shared broker
        for (String topic : new String[] {prefix + "/probe", prefix + "/gb/devices/" + DEVICE + "/status"}) {
            MqttTestSupport.run("mosquitto_pub", "-h", "127.0.0.1", "-p", "1883", "-r", "-n", "-t", topic);
        }
    }

    @Test
    void eventsArePublishedToTheExternalBrokerUnderThePrefix() {
        MqttConfig config = MqttTestSupport.loopback()
                .withBridge(MqttConfig.Bridge.of("tcp://127.0.0.1:1883", null, null, prefix));
        MqttVerticle endpoint = MqttTestSupport.deploy(vertx, config);
        eventually("the bridge", endpoint::bridgeConnected);

        // a retained probe tells when the external subscription is in place: it is the first line printed
        Result probe = MqttTestSupport.run("mosquitto_pub", "-h", "127.0.0.1", "-p", "1883", "-r", "-t",
                prefix + "/probe", "-m", "probe");
        assertEquals(0, probe.exitCode(), probe.output());
        Client sub = Client.start("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883", "-t", prefix + "/#", "-v",
                "-C", "4", "-W", "10");
        assertEquals(prefix + "/probe probe", sub.readLine());
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        vertx.eventBus().publish(Addresses.STREAM_STARTED,
                new StreamStarted("s-5", DEVICE, "34020000001310000001", "media-1", "H264", 704, 576, 1L));
        Result r = sub.finish();
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains(prefix + "/gb/devices/" + DEVICE + "/status {\"deviceId\":\"" + DEVICE
                + "\",\"status\":\"online\""), r.output());
        assertTrue(r.output().contains(prefix + "/gb/streams/s-5 {\"@type\":\"StreamStarted\""), r.output());

        Result late = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883",
                "-t", prefix + "/gb/devices/+/status", "-C", "1", "-W", "5", "-F", "%r %p");
        assertEquals(0, late.exitCode(), late.output());
        assertTrue(late.output().startsWith("1 {\"deviceId\":\"" + DEVICE + "\",\"status\":\"online\""), late.output());
        assertTrue(endpoint.counters().bridgedOut() >= 3, endpoint.counters().toString());
    }

    /** A TCP relay to the broker that the test can cut and restore. */
    private static final class Relay {
        private final Vertx vertx;
        private final int port;
        private io.vertx.core.net.NetServer server;
        private final java.util.List<io.vertx.core.net.NetSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        Relay(Vertx vertx, int port) {
            this.vertx = vertx;
            this.port = port;
        }

        void open() {
            io.vertx.core.net.NetClient client = vertx.createNetClient();
            server = vertx.createNetServer().connectHandler(front -> {
                front.pause();
                sockets.add(front);
                client.connect(1883, "127.0.0.1").onSuccess(back -> {
                    sockets.add(back);
                    front.handler(back::write);
                    back.handler(front::write);
                    front.closeHandler(v -> back.close());
                    back.closeHandler(v -> front.close());
                    front.resume();
                }).onFailure(err -> front.close());
            });
            await(server.listen(port, "127.0.0.1"), 15_000);
        }

        void cut() {
            await(server.close(), 15_000);
            sockets.forEach(io.vertx.core.net.NetSocket::close);
            sockets.clear();
        }
    }

    @Test
    void theBridgeReconnectsAndRepublishesTheRetainedStatuses() throws IOException {
        int port;
        port = io.gbmesh.testing.FreePorts.tcpAndUdp();
        Relay relay = new Relay(vertx, port);
        MqttVerticle endpoint = MqttTestSupport.deploy(vertx, MqttTestSupport.loopback()
                .withBridge(MqttConfig.Bridge.of("tcp://127.0.0.1:" + port, null, null, prefix)));
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, EventTopicsTest.online(DEVICE, false));
        eventually("the event to be counted as not bridged", () -> endpoint.counters().bridgeDropped() == 2);

        relay.open();
        eventually("the bridge", endpoint::bridgeConnected);
        relay.cut();
        eventually("the bridge to notice the cut", () -> !endpoint.bridgeConnected());
        relay.open();
        eventually("the bridge again", endpoint::bridgeConnected);

        Result late = MqttTestSupport.run("mosquitto_sub", "-h", "127.0.0.1", "-p", "1883",
                "-t", prefix + "/gb/devices/+/status", "-C", "1", "-W", "5", "-F", "%r %p");
        assertEquals(0, late.exitCode(), late.output());
        assertTrue(late.output().startsWith("1 {\"deviceId\":\"" + DEVICE + "\",\"status\":\"online\""),
                late.output());
        relay.cut();
    }
}
