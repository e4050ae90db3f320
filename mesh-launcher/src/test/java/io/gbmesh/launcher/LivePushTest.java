package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live stream pushed to a media server: the live request answers with the push address of the
 * reference ({@code <prefix>/<deviceId>_<channelId>_<ssrc>}), an RTMP receiver (ffmpeg listening)
 * records what arrives without transcoding and it decodes as the camera's H.264, and the stream list
 * shows the push with the push keeping the stream from being idle.
 */
@Timeout(120)
class LivePushTest {
    private static final String TOKEN = "gbm_push-test-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void aLiveStreamIsPushedToAnRtmpReceiverAndListedWithItsPush() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        int rtmpPort;
        rtmpPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        String prefix = "rtmp://127.0.0.1:" + rtmpPort + "/live";
        Path recorded = dir.resolve("pushed.flv");
        // ffmpeg's RTMP server checks the application ("live"), not the stream name
        Process receiver = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-i", prefix + "/any",
                "-c", "copy", "-t", "4", recorded.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("receiver.log").toFile()).start();
        try (OneJvmMesh mesh = OneJvmMesh.withApi("push", 37000, 1, dir.resolve("data"), TOKEN, prefix)) {
            String api = "http://127.0.0.1:" + mesh.api.httpPort();
            SimulatedDevice device = mesh.device();
            String channel = device.channelIds().get(0);

            HttpResponse<String> live = send(HttpRequest.newBuilder(URI.create(api + "/api/v1/devices/"
                    + device.deviceId() + "/channels/" + channel + "/live")).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, live.statusCode(), live.body());
            JsonObject stream = new JsonObject(live.body());
            String streamId = stream.getString("streamId");
            assertEquals(device.deviceId() + "_" + channel + "_" + stream.getString("ssrc"), streamId);
            assertEquals(prefix + "/" + streamId, stream.getJsonObject("urls").getString("push"));

            assertTrue(receiver.waitFor(30, TimeUnit.SECONDS), "the receiver recorded its 4 s");
            JsonObject listed = new JsonObject(send(HttpRequest.newBuilder(URI.create(api + "/api/v1/streams")).GET())
                    .body()).getJsonArray("streams").getJsonObject(0);
            JsonObject push = listed.getJsonObject("push");
            assertEquals(prefix + "/" + streamId, push.getString("url"));
            assertTrue(push.getLong("framesPushed") > 50, push.encode());
            assertEquals(0L, listed.getLong("idleMillis"), "a pushed stream is not idle");

            assertEquals(204, send(HttpRequest.newBuilder(URI.create(api + "/api/v1/streams/" + streamId)).DELETE())
                    .statusCode());
        } finally {
            receiver.destroyForcibly();
        }
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", recorded.toString())
                .redirectErrorStream(true).start();
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        String info = new String(probe.getInputStream().readAllBytes()).trim();
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info + " / receiver: "
                + Files.readString(dir.resolve("receiver.log")));
        assertTrue(Integer.parseInt(info.substring(info.lastIndexOf(',') + 1)) > 25, info);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
