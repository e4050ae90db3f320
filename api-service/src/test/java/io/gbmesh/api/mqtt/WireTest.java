package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.MqttTestSupport.TOKEN;
import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Packets no well-behaved client library sends, written byte by byte (MQTT 3.1.1 section 3): the
 * endpoint answers them as the specification says.
 */
@Timeout(30)
class WireTest {
    private static Vertx vertx;
    private static MqttVerticle endpoint;

    @BeforeAll
    static void deploy() {
        vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
        endpoint = MqttTestSupport.deploy(vertx, MqttTestSupport.loopback());
    }

    @AfterAll
    static void close() {
        await(vertx.close(), 15_000);
    }

    private static byte[] string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    private static byte[] packet(int type, byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        int len = body.size();
        do {
            int digit = len % 128;
            len /= 128;
            out.write(len > 0 ? digit | 0x80 : digit);
        } while (len > 0);
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] connect(String clientId) {
        byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60};
        return packet(0x10, header, string(clientId), string("app"), string(TOKEN));
    }

    private static byte[] read(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    @Test
    void invalidFiltersAreRefusedOneByOneInTheSuback() throws IOException {
        try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(connect("wire-1"));
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, read(in, 4));
            // packet id 7: "gb/#/x" QoS 1 (invalid), "gb/+" QoS 2, "sport+" QoS 0 (invalid), "gb/streams/#" QoS 0
            out.write(packet(0x82, new byte[] {0, 7}, string("gb/#/x"), new byte[] {1}, string("gb/+"), new byte[] {2},
                    string("sport+"), new byte[] {0}, string("gb/streams/#"), new byte[] {0}));
            assertArrayEquals(new byte[] {(byte) 0x90, 6, 0, 7, (byte) 0x80, 1, (byte) 0x80, 0}, read(in, 8));
        }
    }

    @Test
    void aWrongPasswordGetsReturnCode4AndTheConnectionCloses() throws IOException {
        try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
            s.setSoTimeout(5000);
            byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60};
            s.getOutputStream().write(packet(0x10, header, string("wire-2"), string("app"), string("guess")));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertArrayEquals(new byte[] {0x20, 2, 0, 4}, read(in, 4));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void noPasswordGetsReturnCode5() throws IOException {
        try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
            s.setSoTimeout(5000);
            byte[] header = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60};
            s.getOutputStream().write(packet(0x10, header, string("wire-3")));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertArrayEquals(new byte[] {0x20, 2, 0, 5}, read(in, 4));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aCommandLargerThanTheLimitDoesNotReachTheMesh() throws IOException {
        long before = endpoint.counters().commands();
        try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(connect("wire-4"));
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, read(in, 4));
            byte[] payload = new byte[200 * 1024];
            out.write(packet(0x30, string("gb/cmd/wire-4/big"), payload));
            // the decoder refuses the packet and the endpoint drops the connection
            assertEquals(-1, in.read());
        } catch (java.net.SocketException reset) {
            // the endpoint may close while the large packet is still being written
        }
        assertEquals(before, endpoint.counters().commands());
    }

    @Test
    void aClientThatDoesNotAcknowledgeHasABoundedQueue() throws IOException {
        MqttVerticle small = MqttTestSupport.deploy(vertx, MqttTestSupport.loopback().withLimits(10, 10, 64 * 1024, 5));
        try (Socket s = new Socket("127.0.0.1", small.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write(connect("wire-5"));
            assertArrayEquals(new byte[] {0x20, 2, 0, 0}, read(in, 4));
            out.write(packet(0x82, new byte[] {0, 1}, string("gb/streams/+"), new byte[] {1}));
            assertArrayEquals(new byte[] {(byte) 0x90, 3, 0, 1, 1}, read(in, 5));
            for (int i = 0; i < 50; i++) {
                vertx.eventBus().publish(io.gbmesh.contracts.Addresses.STREAM_STALLED,
                        new io.gbmesh.contracts.StreamStalled("s-" + i, "34020000001320000001", "34020000001310000001",
                                "media-1", 5000, i));
            }
            // no PUBACK is ever sent: 32 deliveries in flight, 5 waiting, the 13 oldest waiting dropped
            Await.eventually("the drops", () -> small.counters().dropped() == 13);
            org.junit.jupiter.api.Assertions.assertEquals(ClientSession.MAX_INFLIGHT, small.counters().publishesOut());
        }
    }
}
