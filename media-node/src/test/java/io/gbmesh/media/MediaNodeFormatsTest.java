package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every viewer format of the node for every video codec: a device's RTP in, a viewer's HTTP body out, ffprobe on it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MediaNodeFormatsTest extends NodeTest {

    private static final String SSRC = "0100000011";

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @Test
    void an_h265_camera_with_g711a_plays_as_hevc_and_pcm_alaw_in_flv_and_in_mp4() throws Exception {
        Ffprobe.requireFfprobe();
        String bundled = Ffprobe.bundledFfprobe();
        StreamEndpoint ep = h.open("hevc-cam", MediaTransport.UDP, SSRC, false);
        // the 4 s capture at 1.5x: under 3 s on the wire
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                Capture.H265.packets(Long.parseLong(SSRC), 10, 1000), 1.5);
        StreamStarted started = next(h.started, StreamStarted.class, 5000);
        assertEquals("H265", started.codec());
        assertEquals(320, started.width());
        assertEquals(240, started.height());
        CompletableFuture<byte[]> flv = CompletableFuture.supplyAsync(() -> h.readViewer("hevc-cam", "flv", 2000));
        CompletableFuture<byte[]> mp4 = CompletableFuture.supplyAsync(() -> h.readViewer("hevc-cam", "mp4", 2000));

        byte[] flvBytes = flv.get(10, TimeUnit.SECONDS);
        Ffprobe.VideoInfo overFlv = Http.probe(bundled, flvBytes, ".flv");
        assertEquals("hevc", overFlv.codec());
        assertEquals(320, overFlv.width());
        assertTrue(overFlv.frames() > 20, overFlv.frames() + " frames");
        assertEquals("pcm_alaw", Http.probeAudio(bundled, flvBytes, ".flv").codec());
        byte[] mp4Bytes = mp4.get(10, TimeUnit.SECONDS);
        assertEquals("ftyp", new String(mp4Bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
        Ffprobe.VideoInfo overMp4 = Http.probe(Ffprobe.requireFfprobe(), mp4Bytes, ".mp4");
        assertEquals("hevc", overMp4.codec());
        assertEquals(320, overMp4.width());
        assertEquals(240, overMp4.height());
        assertTrue(overMp4.frames() > 20, overMp4.frames() + " frames");
        Ffprobe.AudioInfo audio = Http.probeAudio(Ffprobe.requireFfprobe(), mp4Bytes, ".mp4");
        assertEquals("pcm_alaw", audio.codec());
        assertTrue(audio.packets() > 20, audio.packets() + " audio packets");
        device.get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_h264_camera_with_aac_plays_as_h264_and_aac_in_flv_and_in_mp4() throws Exception {
        String ffprobe = Ffprobe.requireFfprobe();
        StreamEndpoint ep = h.open("aac-cam", MediaTransport.UDP, SSRC, false);
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                Capture.H264_AAC.packets(Long.parseLong(SSRC), 10, 1000), 1.5);
        next(h.started, StreamStarted.class, 5000);
        CompletableFuture<byte[]> flv = CompletableFuture.supplyAsync(() -> h.readViewer("aac-cam", "flv", 2000));
        CompletableFuture<byte[]> mp4 = CompletableFuture.supplyAsync(() -> h.readViewer("aac-cam", "mp4", 2000));
        for (var viewer : java.util.Map.of(".flv", flv.get(10, TimeUnit.SECONDS), ".mp4", mp4.get(10, TimeUnit.SECONDS))
                .entrySet()) {
            assertEquals("h264", Http.probe(ffprobe, viewer.getValue(), viewer.getKey()).codec(), viewer.getKey());
            Ffprobe.AudioInfo audio = Http.probeAudio(ffprobe, viewer.getValue(), viewer.getKey());
            assertEquals("aac", audio.codec(), viewer.getKey());
            assertEquals(16000, audio.sampleRate());
            assertTrue(audio.packets() > 10, viewer.getKey() + ": " + audio.packets() + " AAC frames");
        }
        device.get(10, TimeUnit.SECONDS);
    }

    @Test
    void an_h264_camera_plays_in_mp4_and_a_viewer_joining_late_starts_at_a_key_frame() throws Exception {
        Ffprobe.requireFfprobe();
        StreamEndpoint ep = h.open("avc-cam", MediaTransport.UDP, SSRC, false);
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(Long.parseLong(SSRC), 8), 4);
        next(h.started, StreamStarted.class, 5000);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> h.readViewer("avc-cam", "mp4", 1500));
        Thread.sleep(600);
        CompletableFuture<byte[]> late = CompletableFuture.supplyAsync(() -> h.readViewer("avc-cam", "mp4", 900));
        for (byte[] mp4 : new byte[][] {first.get(10, TimeUnit.SECONDS), late.get(10, TimeUnit.SECONDS)}) {
            Ffprobe.VideoInfo info = Http.probe(Ffprobe.requireFfprobe(), mp4, ".mp4");
            assertEquals("h264", info.codec());
            assertEquals(Capture.WIDTH, info.width());
            assertEquals(Capture.HEIGHT, info.height());
            assertTrue(info.frames() > 10, info.frames() + " frames");
            assertEquals(0x02000000, firstSampleFlags(mp4), "the first fragment holds a sync sample");
        }
        device.get(10, TimeUnit.SECONDS);
    }

    /** The sample flags of the first fragment's {@code trun} (version 1, one sample, every field present). */
    private static int firstSampleFlags(byte[] mp4) {
        int at = new String(mp4, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("trun");
        return java.nio.ByteBuffer.wrap(mp4, at + 24, 4).getInt();
    }

    @Test
    void a_format_is_muxed_only_while_it_has_viewers() throws Exception {
        StreamEndpoint ep = h.open("sinks-cam", MediaTransport.UDP, SSRC, false);
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(Long.parseLong(SSRC), 12), 2);
        next(h.started, StreamStarted.class, 5000);
        assertEquals("[]", sinksOf("sinks-cam"), "no viewer yet: nothing is muxed");
        try (io.gbmesh.media.testing.HeldViewer viewer = io.gbmesh.media.testing.HeldViewer.open(h.viewerUrl("sinks-cam", "mp4"))) {
            Await.eventuallyHolds("the mp4 fan-out attached", Duration.ofSeconds(5),
                    () -> sinksOf("sinks-cam").equals("[\"mp4\"]"));
        }
        Await.eventuallyHolds("the mp4 fan-out detached once its viewer left", Duration.ofSeconds(5),
                () -> sinksOf("sinks-cam").equals("[]"));
        device.get(10, TimeUnit.SECONDS);
    }

    private String sinksOf(String streamId) throws java.io.IOException {
        for (Object o : h.streams().getJsonArray("streams")) {
            io.vertx.core.json.JsonObject s = (io.vertx.core.json.JsonObject) o;
            if (s.getString("streamId").equals(streamId)) {
                return s.getJsonArray("sinks").encode();
            }
        }
        return null;
    }

    @Test
    void a_live_url_names_a_known_format_and_carries_its_token() throws Exception {
        h.open("formats", MediaTransport.UDP, SSRC, false);
        assertEquals(404, Http.status(h.viewerUrl("formats", "ts")));
        assertEquals(401, Http.status("http://127.0.0.1:" + h.node.httpPort() + "/live/formats.mp4"));
    }
}
