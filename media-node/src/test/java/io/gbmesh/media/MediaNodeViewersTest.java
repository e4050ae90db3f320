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
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeViewersTest extends NodeTest {

    private static final String SSRC = "0100000007";

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @Test
    void two_viewers_share_one_ingest_and_a_late_one_starts_at_a_key_frame() throws Exception {
        Ffprobe.requireFfprobe();
        StreamEndpoint ep = h.open("shared-view", MediaTransport.UDP, SSRC, false);
        // 12 s of the capture at 4x: 3 s on the wire.
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                Capture.rtp(Long.parseLong(SSRC), 12), 4);
        next(h.started, StreamStarted.class, 5000);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> h.readFlv("shared-view", 2800));
        Thread.sleep(1000);
        CompletableFuture<byte[]> late = CompletableFuture.supplyAsync(() -> h.readFlv("shared-view", 1800));
        Thread.sleep(500);

        JsonObject api = h.streams();
        assertEquals(1, api.getJsonArray("streams").size(), "one ingest");
        JsonObject stream = api.getJsonArray("streams").getJsonObject(0);
        assertEquals(2, stream.getJsonObject("stats").getInteger("viewers"));
        assertEquals(704, stream.getInteger("width"));

        byte[] a = first.get(5, TimeUnit.SECONDS);
        byte[] b = late.get(5, TimeUnit.SECONDS);
        for (byte[] flv : new byte[][] {a, b}) {
            Ffprobe.VideoInfo info = Http.probeFlv(flv);
            assertEquals("h264", info.codec());
            assertEquals(704, info.width());
            assertEquals(576, info.height());
            assertTrue(info.frames() > 25, info.frames() + " frames");
            int[] kinds = Http.tagKinds(flv, 2);
            assertEquals(0x1700, kinds[0], "AVC sequence header first");
            assertEquals(0x1701, kinds[1], "then a key frame");
        }
        assertTrue(a.length > b.length, "the first viewer saw more");
        device.get(5, TimeUnit.SECONDS);
    }

    @Test
    void health_streams_and_unknown_streams() throws Exception {
        assertEquals("UP", Http.getJson(h.apiUrl("/health")).getString("status"));
        assertEquals(404, Http.status(h.flvUrl("nope")));
        h.open("listed", MediaTransport.TCP_PASSIVE, SSRC, false);
        JsonObject api = h.streams();
        JsonObject s = api.getJsonArray("streams").getJsonObject(0);
        assertEquals("listed", s.getString("streamId"));
        assertEquals("TCP_PASSIVE", s.getString("transport"));
        assertEquals(h.config.rtpPortMax() - h.config.rtpPortMin(), api.getInteger("freePorts"));
    }

    /** A page on another origin (the API's console) may fetch the FLV, preflight included. */
    @Test
    void a_page_on_another_origin_may_fetch_the_flv() throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.flvUrl("any")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://console.example:8080")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        assertEquals("range", r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }
}
