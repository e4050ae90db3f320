package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.FlvClient;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three ways a device sends RTP (reference 7.4 point 20), end to end: OpenStream, the capture
 * replayed to the endpoint by a plain-socket device, StreamStarted, an HTTP-FLV viewer, ffprobe.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeTransportTest extends NodeTest {

    private static final String SSRC = "0100000001";
    /** 8 s of the capture at 4x: 2 s on the wire. */
    private static final double SECONDS = 8;
    private static final double SPEED = 4;

    @BeforeEach
    void start() throws Exception {
        Ffprobe.requireFfprobe();
        h = NodeHarness.start();
    }

    private static List<Capture.Packet> capture() {
        return Capture.rtp(Long.parseLong(SSRC), SECONDS);
    }

    /** StreamStarted with the capture's codec and size, then a viewer's bytes decode as such. */
    private void startsAndDecodes(String streamId, StreamEndpoint ep) throws Exception {
        StreamStarted started = next(h.started, StreamStarted.class, 5000);
        assertEquals(streamId, started.streamId());
        assertEquals("H264", started.codec());
        assertEquals(704, started.width());
        assertEquals(576, started.height());
        assertEquals(h.node.nodeId(), started.mediaNode());

        byte[] flv = FlvClient.read(h.flvUrl(streamId), 2500);
        Ffprobe.VideoInfo info = Http.probeFlv(flv);
        assertEquals("h264", info.codec());
        assertEquals(704, info.width());
        assertEquals(576, info.height());
        assertTrue(info.frames() > 25, info.frames() + " frames decoded");

        int free = h.node.freePorts();
        StreamStopped stopped = h.close(streamId);
        assertEquals("closed", stopped.reason());
        assertTrue(stopped.stats().frames() > 100, "frames " + stopped.stats());
        assertEquals(0, stopped.stats().lost());
        assertEquals(free + 1, h.node.freePorts(), "port " + ep.port() + " back in the pool");
    }

    @Test
    void udp() throws Exception {
        StreamEndpoint ep = h.open("udp-1", MediaTransport.UDP, SSRC, false);
        assertEquals("127.0.0.1", ep.host());
        assertEquals(MediaTransport.UDP, ep.transport());
        assertTrue(ep.port() >= h.config.rtpPortMin() && ep.port() <= h.config.rtpPortMax());
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), capture(), SPEED);
        startsAndDecodes("udp-1", ep);
        device.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tcp_passive() throws Exception {
        StreamEndpoint ep = h.open("tcp-passive-1", MediaTransport.TCP_PASSIVE, SSRC, false);
        assertEquals(MediaTransport.TCP_PASSIVE, ep.transport());
        CompletableFuture<Void> device = DeviceReplay.tcpConnect(ep.host(), ep.port(), capture(), SPEED);
        startsAndDecodes("tcp-passive-1", ep);
        device.get(5, TimeUnit.SECONDS);
    }

    @Test
    void tcp_active_connects_from_the_offered_port() throws Exception {
        try (ServerSocket device = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StreamEndpoint ep = h.open("tcp-active-1", MediaTransport.TCP_ACTIVE, SSRC, false);
            assertEquals(MediaTransport.TCP_ACTIVE, ep.transport());
            CompletableFuture<Integer> sourcePort = DeviceReplay.tcpServe(device, capture(), SPEED);
            StreamEndpoint connected = h.answered("tcp-active-1", "127.0.0.1", device.getLocalPort(), SSRC);
            assertEquals(ep.port(), connected.port());
            startsAndDecodes("tcp-active-1", ep);
            assertEquals(ep.port(), sourcePort.get(5, TimeUnit.SECONDS),
                    "the device saw the connection come from the port in the SDP (reference 7.4 point 22)");
        }
    }

    @Test
    void tcp_active_to_a_device_that_does_not_listen_fails_and_frees_the_port() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = s.getLocalPort();
        }
        int free = h.node.freePorts();
        h.open("tcp-active-2", MediaTransport.TCP_ACTIVE, SSRC, false);
        try {
            h.answered("tcp-active-2", "127.0.0.1", nobody, SSRC);
            throw new AssertionError("the connect should have failed");
        } catch (io.vertx.core.eventbus.ReplyException expected) {
            assertTrue(expected.getMessage().contains("failed after"), expected.getMessage());
        }
        StreamStopped stopped = next(h.stopped, StreamStopped.class, 3000);
        assertEquals("connect-failed", stopped.reason());
        assertEquals(free, h.node.freePorts());
    }
}
