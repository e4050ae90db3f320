package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.ElementaryStream;
import io.gbmesh.media.testing.Hls;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.Await;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cameras whose program stream maps hold a descriptor running past the video's es_info (the
 * {@code *-long-descriptor.ps} vectors): every viewer format (FLV, fragmented MP4, HLS) carries exactly
 * the elementary stream that FFmpeg copies out of the capture, for H.264 and for H.265.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaNodeLongDescriptorTest extends NodeTest {

    private static final String SSRC = "0100000021";

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @Test
    void an_h264_camera_with_a_long_descriptor_in_its_psm_reaches_flv_mp4_and_hls_as_ffmpegs_elementary_stream()
            throws Exception {
        playsAsFfmpegCopiesIt(Capture.H264_LONG_DESCRIPTOR, "h264", "H264");
    }

    @Test
    void an_h265_camera_with_a_long_descriptor_in_its_psm_reaches_flv_mp4_and_hls_as_ffmpegs_elementary_stream()
            throws Exception {
        playsAsFfmpegCopiesIt(Capture.H265_LONG_DESCRIPTOR, "hevc", "H265");
    }

    private void playsAsFfmpegCopiesIt(Capture capture, String format, String codec) throws Exception {
        String ffmpeg = ElementaryStream.bundledFfmpeg();
        boolean hevc = format.equals("hevc");
        Path ps = Files.createTempFile("capture-", ".ps");
        byte[] reference;
        try {
            Files.write(ps, capture.bytes());
            reference = ElementaryStream.copy(ffmpeg, ps, format);
        } finally {
            Files.deleteIfExists(ps);
        }
        String id = "long-descriptor-" + format;
        StreamEndpoint ep = h.open(id, MediaTransport.UDP, SSRC, false);
        // the viewers are there before the device sends: each gets the capture from its first frame
        CompletableFuture<byte[]> flv = CompletableFuture.supplyAsync(() -> h.readViewer(id, "flv", 10_000));
        CompletableFuture<byte[]> mp4 = CompletableFuture.supplyAsync(() -> h.readViewer(id, "mp4", 10_000));
        String playlistUrl = h.hlsUrl(id);
        CompletableFuture<Integer> firstPlaylist = CompletableFuture.supplyAsync(() -> {
            try {
                return Hls.get(playlistUrl).status();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Await.eventuallyHolds("viewers attached", Duration.ofSeconds(10),
                () -> h.sinks(id).containsAll(java.util.List.of("flv", "mp4", "hls")));
        // the 4 s capture, sent in real time
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                capture.packets(Long.parseLong(SSRC), 10, 1000), 1.0);
        StreamStarted started = next(h.started, StreamStarted.class, 5000);
        assertEquals(codec, started.codec());
        assertEquals(200, firstPlaylist.get(10, TimeUnit.SECONDS));
        device.get(10, TimeUnit.SECONDS);
        byte[] hls = Hls.download(playlistUrl);

        ElementaryStream.assertCarries("flv", reference, ElementaryStream.copy(ffmpeg, flv.get(10, TimeUnit.SECONDS),
                ".flv", format), hevc, 90);
        ElementaryStream.assertCarries("mp4", reference, ElementaryStream.copy(ffmpeg, mp4.get(10, TimeUnit.SECONDS),
                ".mp4", format), hevc, 90);
        // HLS lists its finished segments: the capture's first 3 s (the last segment ends with no key frame after it)
        ElementaryStream.assertCarries("hls", reference, ElementaryStream.copy(ffmpeg, hls, ".mp4", format), hevc, 70);
    }
}
