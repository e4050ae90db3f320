package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Hls;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HLS for phones: made from the stream while someone reads it, read by the real ffprobe. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MediaNodeHlsTest extends NodeTest {

    private static final String SSRC = "0100000041";

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @Test
    void a_playlist_request_starts_hls_that_ffprobe_plays_and_it_stops_when_nobody_reads_it() throws Exception {
        String ffprobe = Ffprobe.requireFfprobe();
        String id = "hls-cam";
        StreamEndpoint ep = h.open(id, MediaTransport.UDP, SSRC, false);
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(Long.parseLong(SSRC), 30), 1);
        next(h.started, StreamStarted.class, 5000);
        assertEquals(List.of(), h.sinks(id), "nothing is made before someone asks");

        String url = h.hlsUrl(id);
        long asked = System.nanoTime();
        Hls.Answer first = Hls.get(url);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertEquals(200, first.status(), first.text());
        assertTrue(Hls.segments(first.text()) >= 1, "the first answer lists a segment: " + first.text());
        // the capture's key frames come every second: the first segment is ready at the next one
        assertTrue(waited < 4000, "first playlist after " + waited + " ms");
        assertTrue(first.text().contains("#EXT-X-MAP:URI=\"init-0.mp4?token="), first.text());

        ProcessBuilder probe = new ProcessBuilder(ffprobe, "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name,width,height", "-of", "csv=p=0", url).redirectErrorStream(true);
        Process p = probe.start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(said.startsWith("h264," + Capture.WIDTH + "," + Capture.HEIGHT), "ffprobe said: " + said);

        String playlist = Hls.get(url).text();
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXTINF:")) {
                double seconds = Double.parseDouble(line.substring(8, line.indexOf(',')));
                assertTrue(seconds > 0.5 && seconds < 2.1, "segments of about 1 s: " + playlist);
            }
        }
        JsonObject stream = h.stream(id);
        assertTrue(stream.getJsonArray("sinks").contains("hls"), stream.encode());
        assertTrue(stream.getJsonObject("viewersByProtocol").getInteger("hls") >= 1, stream.encode());
        assertEquals(0, stream.getJsonObject("viewersByProtocol").getInteger("flv"));

        // nobody reads it any more: it is stopped after its idle time
        Await.eventuallyHolds("HLS stopped", Duration.ofSeconds(25), () -> !h.sinks(id).contains("hls"));
        assertEquals(0, h.stream(id).getJsonObject("viewersByProtocol").getInteger("hls"));
        assertEquals(404, Hls.get(Hls.uris(url, playlist).get(1)).status(), "its segments are gone");
        device.cancel(true);
    }

    @Test
    void hls_needs_the_streams_token_on_the_playlist_and_on_every_segment() throws Exception {
        h.open("hls-token", MediaTransport.UDP, SSRC, false);
        String base = "http://127.0.0.1:" + h.node.httpPort() + "/live/hls-token/";
        assertEquals(401, Hls.get(base + "index.m3u8").status());
        assertEquals(401, Hls.get(base + "seg-0.m4s").status());
        String otherStreamsToken = h.hlsUrl("another").substring(h.hlsUrl("another").indexOf('?'));
        assertEquals(401, Hls.get(base + "index.m3u8" + otherStreamsToken).status());
        String token = h.hlsUrl("hls-token").substring(h.hlsUrl("hls-token").indexOf('?'));
        assertEquals(404, Hls.get(base + "seg-0.m4s" + token).status(), "no HLS before a playlist request");
    }
}
