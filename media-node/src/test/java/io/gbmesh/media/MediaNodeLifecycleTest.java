package io.gbmesh.media;

import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStalled;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.FlvClient;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeLifecycleTest extends NodeTest {

    @Test
    void reordered_and_lost_packets_on_the_wire_are_counted_and_the_stream_keeps_playing() throws Exception {
        Ffprobe.requireFfprobe();
        h = NodeHarness.start();
        StreamEndpoint ep = h.open("lossy", MediaTransport.UDP, "0100000001", false);
        List<Capture.Packet> packets = new ArrayList<>(Capture.rtp(100000001L, 10));
        packets.remove(500);
        packets.remove(250);
        int swaps = 0;
        for (int i = 20; i + 1 < packets.size(); i += 17) {
            Collections.swap(packets, i, i + 1);
            swaps++;
        }
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), packets, 4);
        next(h.started, StreamStarted.class, 5000);
        byte[] flv = FlvClient.read(h.flvUrl("lossy"), 2200);
        device.get(5, TimeUnit.SECONDS);
        Ffprobe.VideoInfo info = Http.probeFlv(flv);
        assertEquals("h264", info.codec());
        assertTrue(info.frames() > 25, info.frames() + " frames");

        StreamStopped stopped = h.close("lossy");
        assertEquals(2, stopped.stats().lost());
        assertEquals(swaps, stopped.stats().reordered());
        assertTrue(stopped.stats().frames() >= Capture.frames(10).size() - 4, "frames " + stopped.stats());
    }

    @Test
    void silence_is_reported_as_a_stall_and_no_viewer_closes_the_stream_and_frees_the_port() throws Exception {
        h = NodeHarness.start(NodeHarness.randomRange(40).withTimers(400, 2500, 1000, 300));
        StreamEndpoint ep = h.open("quiet", MediaTransport.UDP, "0100000001", false);
        DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(100000001L, 2), 4).get(5, TimeUnit.SECONDS);
        next(h.started, StreamStarted.class, 3000);
        MediaNodeLoad busy = next(h.load, MediaNodeLoad.class, 2000);
        assertEquals(1, busy.streams());
        assertEquals(39, busy.freePorts());

        StreamStalled stalled = next(h.stalled, StreamStalled.class, 2000);
        assertEquals("quiet", stalled.streamId());
        assertTrue(stalled.silentMillis() >= 400);
        assertTrue(h.stalled.isEmpty(), "reported once per stall");

        StreamStopped stopped = next(h.stopped, StreamStopped.class, 4000);
        assertEquals("no-viewer", stopped.reason());
        assertTrue(stopped.stats().frames() > 0);
        assertTrue(h.stalled.isEmpty(), "still one stall report");
        h.load.clear();
        MediaNodeLoad idle = next(h.load, MediaNodeLoad.class, 2000);
        assertEquals(0, idle.streams());
        assertEquals(40, idle.freePorts(), "the port is back in the pool");
    }
}
