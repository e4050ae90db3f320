package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.FlvClient;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A G.711 camera viewed by browsers that ask for AAC ({@code ?audio=aac}): its audio is transcoded once
 * for all of them, its H.265 passes as it came, and the transcoding stops with the last of them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MediaNodeAacAudioTest extends NodeTest {

    private static final String SSRC = "0100000031";

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @Test
    void an_h265_g711a_camera_asked_with_audio_aac_plays_as_hevc_and_aac_in_flv_and_mp4_from_one_transcoder()
            throws Exception {
        String ffprobe = Ffprobe.bundledFfprobe();
        String id = "g711-to-aac";
        StreamEndpoint ep = h.open(id, MediaTransport.UDP, SSRC, false);
        CompletableFuture<byte[]> flv = read(h.viewerUrl(id, "flv") + "&audio=aac");
        CompletableFuture<byte[]> mp4 = read(h.viewerUrl(id, "mp4") + "&audio=aac");
        Await.eventuallyHolds("one transcoder feeding both formats", Duration.ofSeconds(10),
                () -> h.sinks(id).equals(List.of("flv+aac,mp4+aac"))
                || h.sinks(id).equals(List.of("mp4+aac,flv+aac")));
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                Capture.H265.packets(Long.parseLong(SSRC), 10, 1000), 1.0);
        assertEquals("H265", next(h.started, StreamStarted.class, 5000).codec());
        device.get(10, TimeUnit.SECONDS);
        JsonObject stream = h.stream(id);
        assertEquals("G711A", stream.getString("audioCodec"));
        JsonObject transcoding = stream.getJsonObject("aacTranscoding");
        assertTrue(transcoding.getLong("aacFramesOut") >= 25, transcoding.encode());
        assertEquals(1, stream.getJsonObject("viewersByProtocol").getInteger("flv"));
        assertEquals(1, stream.getJsonObject("viewersByProtocol").getInteger("mp4"));

        for (var viewer : Map.of(".flv", flv.get(15, TimeUnit.SECONDS), ".mp4", mp4.get(15, TimeUnit.SECONDS)).entrySet()) {
            Map<String, String> video = probe(ffprobe, viewer.getValue(), viewer.getKey(), "v:0");
            assertEquals("hevc", video.get("codec_name"), viewer.getKey());
            assertTrue(Integer.parseInt(video.get("nb_read_frames")) >= 90, viewer.getKey() + " " + video);
            Map<String, String> audio = probe(ffprobe, viewer.getValue(), viewer.getKey(), "a:0");
            assertEquals("aac", audio.get("codec_name"), viewer.getKey());
            assertEquals("8000", audio.get("sample_rate"), viewer.getKey());
            // the 4 s of G.711 decoded as AAC frames of 1024 samples
            double seconds = Integer.parseInt(audio.get("nb_read_frames")) * 1024 / 8000.0;
            assertTrue(seconds > 3.0 && seconds < 5.0, viewer.getKey() + ": " + seconds + " s of audio " + audio);
        }
        Await.eventuallyHolds("the transcoder stopped with its last viewer", Duration.ofSeconds(10), () -> h.sinks(id).isEmpty());
        assertEquals(null, h.stream(id).getValue("aacTranscoding"));
    }

    @Test
    void audio_other_than_aac_is_refused() throws Exception {
        h.open("audio-param", MediaTransport.UDP, SSRC, false);
        // a loaded machine may take more than Http.status allows for the first request
        assertEquals(400, io.gbmesh.media.testing.Hls.get(h.viewerUrl("audio-param", "flv") + "&audio=opus").status());
    }

    private static CompletableFuture<byte[]> read(String url) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return FlvClient.read(url, 8000);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** ffprobe's codec, sample rate and decoded frames of one stream of the viewer's bytes. */
    private static Map<String, String> probe(String ffprobe, byte[] bytes, String extension, String select)
            throws Exception {
        Path file = Files.createTempFile("viewer-", extension);
        try {
            Files.write(file, bytes);
            Process p = new ProcessBuilder(ffprobe, "-v", "error", "-select_streams", select, "-count_frames",
                    "-show_entries", "stream=codec_name,sample_rate,nb_read_frames", "-of", "default=noprint_wrappers=1",
                    file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Map<String, String> kv = new HashMap<>();
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            assertTrue(kv.containsKey("codec_name"), extension + " " + select + ": " + out);
            return kv;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
