package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stream is fed by the sender it locked onto: a stranger who sends the stream's SSRC to its port
 * from elsewhere, or connects to its TCP port while the device is connected, changes nothing.
 */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
class MediaNodeSourceLockTest extends NodeTest {

    private static final long SSRC = 100000031L;
    private static final String SSRC_TEXT = "0100000031";

    @Test
    void a_foreign_sender_of_the_same_ssrc_is_dropped_on_a_port_of_its_own() throws Exception {
        h = NodeHarness.start();
        StreamEndpoint ep = h.open("udp-locked", MediaTransport.UDP, SSRC_TEXT, false);
        playsDespiteAForeignSender("udp-locked", ep);
    }

    @Test
    void a_foreign_sender_of_the_same_ssrc_is_dropped_on_the_shared_port() throws Exception {
        int shared;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            shared = s.getLocalPort();
        }
        h = NodeHarness.start(NodeHarness.randomRange(10).withSharedPort(shared));
        StreamEndpoint ep = h.open("shared-locked", MediaTransport.UDP, SSRC_TEXT, true);
        assertEquals(shared, ep.port());
        playsDespiteAForeignSender("shared-locked", ep);
    }

    private void playsDespiteAForeignSender(String streamId, StreamEndpoint ep) throws Exception {
        Ffprobe.requireFfprobe();
        List<Capture.Packet> real = Capture.rtp(SSRC, 16);
        // 16 s of the capture at 4x: 4 s on the wire, room for a viewer on a busy machine.
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), real, 4);
        next(h.started, StreamStarted.class, 5000);
        CompletableFuture<byte[]> viewer = CompletableFuture.supplyAsync(() -> h.readFlv(streamId, 3000));
        // The stranger: the same SSRC, sequence numbers and timestamps of its own, from another port.
        List<Capture.Packet> forged = Capture.rtp(SSRC, 1, 30000);
        DeviceReplay.udp(ep.host(), ep.port(), forged, 4).get(5, TimeUnit.SECONDS);
        JsonObject stream = awaitStream(streamId, s -> s.getLong("foreignSourceDropped") == forged.size());
        assertEquals(forged.size(), stream.getLong("foreignSourceDropped"), stream.encode());
        assertTrue(h.metrics().contains("gbmesh_media_rtp_foreign_source_dropped " + forged.size() + "\n"));

        device.get(15, TimeUnit.SECONDS);
        Ffprobe.VideoInfo info = Http.probeFlv(viewer.get(15, TimeUnit.SECONDS));
        assertEquals("h264", info.codec());
        assertEquals(704, info.width());
        assertTrue(info.frames() > 20, info.frames() + " frames");
        // the last of the device's packets may still be on their way through the node
        awaitStream(streamId, s -> s.getJsonObject("stats").getLong("packets") >= real.size());
        StreamStopped stopped = h.close(streamId);
        assertEquals(real.size(), stopped.stats().packets(), "only the device's packets were taken");
        assertEquals(Capture.frames(16).size() - 1, stopped.stats().frames(), "every frame of the device, none else");
    }

    @Test
    void a_second_tcp_connection_does_not_take_a_passive_stream_over() throws Exception {
        Ffprobe.requireFfprobe();
        h = NodeHarness.start();
        StreamEndpoint ep = h.open("tcp-locked", MediaTransport.TCP_PASSIVE, SSRC_TEXT, false);
        List<Capture.Packet> real = Capture.rtp(SSRC, 16);
        CompletableFuture<Void> device = DeviceReplay.tcpConnect(ep.host(), ep.port(), real, 4);
        next(h.started, StreamStarted.class, 5000);
        CompletableFuture<byte[]> viewer = CompletableFuture.supplyAsync(() -> h.readFlv("tcp-locked", 3000));
        try (Socket intruder = new Socket(ep.host(), ep.port())) {
            intruder.setSoTimeout(5000);
            assertTrue(closedByTheNode(intruder, Capture.rtp(SSRC, 1, 30000)), "the intruder's connection is closed");
        }
        JsonObject stream = awaitStream("tcp-locked", s -> s.getLong("connectionsRefused") == 1);
        assertEquals(1, stream.getLong("connectionsRefused"), stream.encode());
        assertTrue(h.metrics().contains("gbmesh_media_tcp_connections_refused 1\n"));

        device.get(15, TimeUnit.SECONDS);
        Ffprobe.VideoInfo info = Http.probeFlv(viewer.get(15, TimeUnit.SECONDS));
        assertEquals("h264", info.codec());
        assertTrue(info.frames() > 20, info.frames() + " frames");
        awaitStream("tcp-locked", s -> s.getJsonObject("stats").getLong("packets") >= real.size());
        StreamStopped stopped = h.close("tcp-locked");
        assertEquals(real.size(), stopped.stats().packets(), "only the device's packets were taken");
    }

    /** Sends RTP on the connection until the node closes it: true when it did. */
    private static boolean closedByTheNode(Socket socket, List<Capture.Packet> packets) {
        try {
            OutputStream out = socket.getOutputStream();
            for (Capture.Packet p : packets) {
                out.write(Rfc4571Framer.frame(p.bytes()));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    private JsonObject awaitStream(String streamId, java.util.function.Predicate<JsonObject> until) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            JsonObject stream = null;
            for (Object o : h.streams().getJsonArray("streams")) {
                if (((JsonObject) o).getString("streamId").equals(streamId)) {
                    stream = (JsonObject) o;
                }
            }
            if (stream != null && (until.test(stream) || System.currentTimeMillis() > deadline)) {
                return stream;
            }
            Thread.sleep(50);
        }
    }
}
