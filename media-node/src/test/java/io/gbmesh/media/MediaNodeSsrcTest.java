package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which packets a stream plays, by SSRC (reference 7.4 point 14). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeSsrcTest extends NodeTest {

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void two_streams_on_the_shared_port_get_their_own_frames_and_an_unknown_ssrc_is_dropped() throws Exception {
        h = NodeHarness.start(NodeHarness.randomRange(10).withSharedPort(freeUdpPort()));
        StreamEndpoint a = h.open("shared-a", MediaTransport.UDP, "0100000011", true);
        StreamEndpoint b = h.open("shared-b", MediaTransport.UDP, "0100000022", true);
        assertEquals(h.config.sharedPort(), a.port());
        assertEquals(a.port(), b.port());
        assertEquals(10, h.node.freePorts(), "no port of the range taken");

        List<Capture.Packet> unknown = Capture.rtp(100000033L, 1);
        CompletableFuture<Void> sendA = DeviceReplay.udp("127.0.0.1", a.port(), Capture.rtp(100000011L, 4), 4);
        // B sends a shorter stretch, so that the two streams' frame counts differ.
        CompletableFuture<Void> sendB = DeviceReplay.udp("127.0.0.1", b.port(), Capture.rtp(100000022L, 2), 4);
        CompletableFuture<Void> sendUnknown = DeviceReplay.udp("127.0.0.1", a.port(), unknown, 4);
        Set<String> started = new HashSet<>();
        started.add(next(h.started, StreamStarted.class, 5000).streamId());
        started.add(next(h.started, StreamStarted.class, 5000).streamId());
        assertEquals(Set.of("shared-a", "shared-b"), started);
        CompletableFuture.allOf(sendA, sendB, sendUnknown).get(5, TimeUnit.SECONDS);
        Thread.sleep(300);

        JsonObject api = h.streams();
        assertEquals(unknown.size(), api.getJsonObject("sharedPort").getLong("unknownSsrcDropped"));

        StreamStopped stoppedA = h.close("shared-a");
        StreamStopped stoppedB = h.close("shared-b");
        assertEquals(Capture.rtp(100000011L, 4).size(), stoppedA.stats().packets());
        assertEquals(Capture.rtp(100000022L, 2).size(), stoppedB.stats().packets());
        assertEquals("0100000011", stoppedA.stats().receivedSsrc());
        assertEquals("0100000022", stoppedB.stats().receivedSsrc());
        // The last frame of each stays in the demuxer until the next one starts.
        assertEquals(frames(4) - 1, stoppedA.stats().frames());
        assertEquals(frames(2) - 1, stoppedB.stats().frames());
        assertEquals(0, stoppedA.stats().foreignSsrcDropped());
    }

    @Test
    void a_device_sending_another_ssrc_is_played_after_the_wait_and_a_second_one_is_dropped() throws Exception {
        h = NodeHarness.start(NodeHarness.randomRange(10).withTimers(5000, 30000, 500, 2000));
        StreamEndpoint ep = h.open("mismatch", MediaTransport.UDP, "0100000001", false);
        long sentAt = System.nanoTime();
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(200000002L, 8), 4);
        StreamStarted started = next(h.started, StreamStarted.class, 5000);
        long waited = (System.nanoTime() - sentAt) / 1_000_000;
        assertTrue(waited >= 450, "locked onto the foreign SSRC only after the wait: " + waited + " ms");
        assertEquals(704, started.width());

        List<Capture.Packet> second = Capture.rtp(300000003L, 1).subList(0, 12);
        DeviceReplay.udp(ep.host(), ep.port(), second, 0).get(5, TimeUnit.SECONDS);
        device.get(5, TimeUnit.SECONDS);
        Thread.sleep(200);

        StreamStopped stopped = h.close("mismatch");
        assertTrue(stopped.stats().ssrcMismatch());
        assertEquals("0200000002", stopped.stats().receivedSsrc());
        assertEquals(12, stopped.stats().foreignSsrcDropped());
        assertEquals(frames(8) - 1, stopped.stats().frames(), "the packets held during the wait were played");
    }

    @Test
    void the_ssrc_the_device_answered_is_played_without_mismatch() throws Exception {
        h = NodeHarness.start();
        StreamEndpoint ep = h.open("answered", MediaTransport.UDP, "0100000001", false);
        h.answered("answered", "127.0.0.1", 15060, "0100000099");
        DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(100000099L, 2), 4).get(5, TimeUnit.SECONDS);
        next(h.started, StreamStarted.class, 5000);
        StreamStopped stopped = h.close("answered");
        assertFalse(stopped.stats().ssrcMismatch());
        assertEquals("0100000099", stopped.stats().receivedSsrc());
    }

    private static int frames(double seconds) {
        List<MediaFrame> f = Capture.frames(seconds);
        return f.size();
    }
}
