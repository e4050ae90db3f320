package io.gbmesh.media;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.Await;
import io.gbmesh.testing.FreePorts;
import io.gbmesh.testing.Listening;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution from a running stream: pushes asked over the node's API reach a listening ffmpeg (RTMP and
 * RTSP), come back after the receiver restarts, and stop when deleted; snapshots of the stream decode as
 * JPEGs at its picture size.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MediaNodeDistributionTest extends NodeTest {

    private static final String SSRC = "0100000021";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    /** Opens a stream and plays the camera into it at real time for {@code seconds}. */
    private CompletableFuture<Void> camera(String streamId, Capture capture, double seconds) throws Exception {
        StreamEndpoint ep = h.open(streamId, MediaTransport.UDP, SSRC, false);
        CompletableFuture<Void> device = DeviceReplay.udp(ep.host(), ep.port(),
                capture.packets(Long.parseLong(SSRC), seconds, 1000), 1.0);
        next(h.started, StreamStarted.class, 5000);
        return device;
    }

    private HttpResponse<byte[]> call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.apiUrl(path)))
                .header("Authorization", "Bearer " + h.apiToken()).timeout(java.time.Duration.ofSeconds(20));
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonObject push(String streamId, String pushId) throws Exception {
        HttpResponse<byte[]> r = call("GET", "/api/streams/" + streamId + "/pushes", null);
        assertEquals(200, r.statusCode());
        for (Object o : new JsonObject(new String(r.body())).getJsonArray("pushes")) {
            if (pushId.equals(((JsonObject) o).getString("pushId"))) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private Process receiver(String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ffmpeg", "-y", "-v", "error"));
        cmd.addAll(java.util.List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("receiver.log").toFile())).start();
    }

    private Ffprobe.VideoInfo received(Process receiver, Path file) throws Exception {
        assertTrue(receiver.waitFor(30, TimeUnit.SECONDS), "the receiver did not finish");
        assertTrue(Files.size(file) > 0, Files.readString(dir.resolve("receiver.log")));
        return Ffprobe.probe(file);
    }

    private static void requireFfmpeg() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
    }

    @Test
    void a_push_asked_over_rtmp_reaches_a_listening_ffmpeg_with_its_counters() throws Exception {
        requireFfmpeg();
        camera("push-rtmp", Capture.H264, 12);
        int port = FreePorts.tcpAndUdp();
        String url = "rtmp://127.0.0.1:" + port + "/live/cam";
        Path file = dir.resolve("rtmp.flv");
        Process rx = receiver("-listen", "1", "-timeout", "20", "-i", url, "-c", "copy", "-t", "3", file.toString());
        Listening.awaitTcp(port, 10_000);
        HttpResponse<byte[]> created = call("POST", "/api/streams/push-rtmp/pushes",
                new JsonObject().put("url", url).put("pushId", "to-cdn").encode());
        assertEquals(201, created.statusCode(), new String(created.body()));
        assertEquals("to-cdn", new JsonObject(new String(created.body())).getString("pushId"));
        Await.eventually("pushing with frames and a bitrate", Duration.ofSeconds(10), () -> {
            try {
                JsonObject p = push("push-rtmp", "to-cdn");
                return p != null && "pushing".equals(p.getString("state")) && p.getLong("framesPushed") > 25
                        && p.getLong("bitrateKbps") > 0;
            } catch (Exception e) {
                return false;
            }
        });
        JsonObject stream = h.streams().getJsonArray("streams").getJsonObject(0);
        assertTrue(stream.getJsonArray("sinks").contains("push"), stream.encode());
        assertEquals("to-cdn", stream.getJsonArray("pushes").getJsonObject(0).getString("pushId"));
        Ffprobe.VideoInfo info = received(rx, file);
        assertEquals("h264", info.codec());
        assertEquals(704, info.width());
        assertTrue(info.frames() >= 50, info.frames() + " frames");

        assertEquals(204, call("DELETE", "/api/streams/push-rtmp/pushes/to-cdn", null).statusCode());
        assertEquals(null, push("push-rtmp", "to-cdn"));
        assertEquals(404, call("DELETE", "/api/streams/push-rtmp/pushes/to-cdn", null).statusCode());
        Await.eventually("the push detached", Duration.ofSeconds(5), () -> {
            try {
                return !h.streams().getJsonArray("streams").getJsonObject(0).getJsonArray("sinks").contains("push");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void a_push_over_rtsp_reaches_a_listening_ffmpeg() throws Exception {
        requireFfmpeg();
        camera("push-rtsp", Capture.H264, 12);
        int port = FreePorts.tcpAndUdp();
        String url = "rtsp://127.0.0.1:" + port + "/live/cam";
        Path file = dir.resolve("rtsp.mkv");
        Process rx = receiver("-rtsp_flags", "listen", "-timeout", "20", "-i", url, "-c", "copy", "-t", "3",
                file.toString());
        Listening.awaitTcp(port, 10_000);
        HttpResponse<byte[]> created = call("POST", "/api/streams/push-rtsp/pushes", new JsonObject().put("url", url).encode());
        assertEquals(201, created.statusCode(), new String(created.body()));
        Ffprobe.VideoInfo info = received(rx, file);
        assertEquals("h264", info.codec());
        assertEquals(704, info.width());
        assertEquals(576, info.height());
        assertTrue(info.frames() >= 50, info.frames() + " frames");
    }

    @Test
    void a_push_reconnects_after_the_receiver_restarts() throws Exception {
        requireFfmpeg();
        camera("push-again", Capture.H264, 30);
        int port = FreePorts.tcpAndUdp();
        String url = "rtmp://127.0.0.1:" + port + "/live/cam";
        Process first = receiver("-listen", "1", "-timeout", "20", "-i", url, "-c", "copy", "-t", "2",
                dir.resolve("first.flv").toString());
        Listening.awaitTcp(port, 10_000);
        assertEquals(201, call("POST", "/api/streams/push-again/pushes",
                new JsonObject().put("url", url).put("pushId", "p1").encode()).statusCode());
        received(first, dir.resolve("first.flv"));
        // the receiver is gone: the push notices and waits to reconnect
        Await.eventually("the push noticed the receiver went away", Duration.ofSeconds(15), () -> {
            try {
                JsonObject p = push("push-again", "p1");
                return "retrying".equals(p.getString("state")) || p.getLong("reconnects") > 0;
            } catch (Exception e) {
                return false;
            }
        });
        Path second = dir.resolve("second.flv");
        Process again = receiver("-listen", "1", "-timeout", "30", "-i", url, "-c", "copy", "-t", "2", second.toString());
        Ffprobe.VideoInfo info = received(again, second);
        assertEquals("h264", info.codec());
        assertTrue(info.frames() >= 25, info.frames() + " frames after the restart");
        JsonObject p = push("push-again", "p1");
        assertTrue(p.getLong("reconnects") >= 1, p.encode());
        assertNotNull(p.getString("error"), p.encode());
    }

    @Test
    void bad_push_requests_are_refused_with_a_reason() throws Exception {
        camera("push-bad", Capture.H264, 3);
        assertEquals(400, call("POST", "/api/streams/push-bad/pushes", new JsonObject().put("url", "http://x/y").encode()).statusCode());
        assertEquals(400, call("POST", "/api/streams/push-bad/pushes", "not json").statusCode());
        assertEquals(400, call("POST", "/api/streams/push-bad/pushes",
                new JsonObject().put("url", "rtmp://127.0.0.1:1/x").put("pushId", "a b").encode()).statusCode());
        assertEquals(404, call("POST", "/api/streams/nope/pushes", new JsonObject().put("url", "rtmp://127.0.0.1:1/x").encode()).statusCode());
        HttpResponse<byte[]> anonymous = http.send(HttpRequest.newBuilder(URI.create(h.apiUrl("/api/streams/push-bad/snapshot"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(401, anonymous.statusCode());
        String url = "rtmp://127.0.0.1:1/x";
        assertEquals(201, call("POST", "/api/streams/push-bad/pushes", new JsonObject().put("url", url).put("pushId", "x").encode()).statusCode());
        assertEquals(409, call("POST", "/api/streams/push-bad/pushes", new JsonObject().put("url", url).put("pushId", "x").encode()).statusCode());
    }

    @Test
    void a_snapshot_of_a_running_h264_stream_is_a_jpeg_at_its_size() throws Exception {
        camera("snap-264", Capture.H264, 5);
        HttpResponse<byte[]> r = call("GET", "/api/streams/snap-264/snapshot", null);
        assertEquals(200, r.statusCode(), new String(r.body()));
        assertEquals("image/jpeg", r.headers().firstValue("Content-Type").orElse(""));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(704, image.getWidth());
        assertEquals(576, image.getHeight());
    }

    @Test
    void a_snapshot_of_a_running_h265_stream_is_a_jpeg_at_its_size() throws Exception {
        camera("snap-265", Capture.H265, 4);
        HttpResponse<byte[]> r = call("GET", "/api/streams/snap-265/snapshot", null);
        assertEquals(200, r.statusCode(), new String(r.body()));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
        assertEquals(404, call("GET", "/api/streams/nope/snapshot", null).statusCode());
    }
}
