package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.simulator.SimulatedDevice;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distribution through the API with a simulated camera: a push asked for a running stream reaches a
 * listening ffmpeg and is listed with its state; a snapshot of the channel is a JPEG at the camera's
 * size; an auto-push rule starts and pushes the matching channel, starts it again after it was
 * stopped, and stops it when the rule is removed.
 */
@Timeout(180)
class DistributionEndToEndTest {
    private static final String TOKEN = "gbm_distribution-test-token-0123";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private String api;

    /**
     * The machine's PostgreSQL (127.0.0.1:5432, database test, trust) in a schema of the test's own when
     * it answers, else none (the mesh starts an embedded one, slower).
     */
    private static Map<String, String> database() {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 500);
        } catch (java.io.IOException e) {
            return Map.of();
        }
        return Map.of("GB_PG_URL", "postgresql://127.0.0.1:5432/test", "GB_PG_USER", "postgres",
                "GB_PG_SCHEMA", "dist_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    }

    private static Map<String, String> withAll(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private HttpResponse<byte[]> send(String method, String path, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonObject json(String method, String path, JsonObject body, int expected) throws Exception {
        HttpResponse<byte[]> r = send(method, path, body);
        assertEquals(expected, r.statusCode(), new String(r.body()));
        return new JsonObject(new String(r.body()));
    }

    private JsonArray streams() throws Exception {
        return json("GET", "/api/v1/streams", null, 200).getJsonArray("streams");
    }

    private Process receiver(String url, Path file, int seconds) throws Exception {
        return new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-timeout", "60", "-i", url, "-c", "copy",
                "-t", Integer.toString(seconds), file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("receiver.log").toFile())).start();
    }

    private String probe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new String(p.getInputStream().readAllBytes()).trim();
    }

    @Test
    void aPushAskedForARunningStreamAndASnapshotOfTheChannel() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        String url = "rtmp://127.0.0.1:" + io.gbmesh.testing.FreePorts.tcpAndUdp() + "/live/cam";
        Path file = dir.resolve("pushed.flv");
        Process rx = receiver(url, file, 3);
        try (OneJvmMesh mesh = OneJvmMesh.withApiSettings("dist", 37200, dir.resolve("data"), TOKEN, database())) {
            api = "http://127.0.0.1:" + mesh.api.httpPort();
            SimulatedDevice device = mesh.device();
            String channel = device.channelIds().get(0);
            String base = "/api/v1/devices/" + device.deviceId() + "/channels/" + channel;

            long t0 = System.nanoTime();
            HttpResponse<byte[]> snap = send("POST", base + "/snapshot", null);
            assertEquals(200, snap.statusCode(), new String(snap.body()));
            assertEquals("image/jpeg", snap.headers().firstValue("Content-Type").orElse(""));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(snap.body()));
            assertEquals(704, image.getWidth());
            assertEquals(576, image.getHeight());
            System.out.printf("snapshot opening the stream: %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            String streamId = streams().getJsonObject(0).getString("streamId");
            JsonObject created = json("POST", "/api/v1/streams/" + streamId + "/pushes", new JsonObject().put("url", url), 201);
            String pushId = created.getString("pushId");
            assertNotNull(pushId);
            assertTrue(rx.waitFor(40, TimeUnit.SECONDS), "the receiver recorded its 3 s");
            JsonObject push = json("GET", "/api/v1/streams/" + streamId + "/pushes", null, 200).getJsonArray("pushes")
                    .getJsonObject(0);
            assertEquals(pushId, push.getString("pushId"));
            assertTrue(push.getLong("framesPushed") > 50, push.encode());
            JsonObject listed = streams().getJsonObject(0).getJsonArray("pushes").getJsonObject(0);
            assertEquals(url, listed.getString("url"));
            assertNotNull(listed.getString("state"));

            // a running stream: the picture comes from the key frame held, well under a second
            long t1 = System.nanoTime();
            assertEquals(200, send("POST", base + "/snapshot", null).statusCode());
            long running = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(running < 1000, running + " ms");

            assertEquals(204, send("DELETE", "/api/v1/streams/" + streamId + "/pushes/" + pushId, null).statusCode());
            assertEquals(0, json("GET", "/api/v1/streams/" + streamId + "/pushes", null, 200).getJsonArray("pushes").size());
            assertEquals(400, send("POST", "/api/v1/streams/" + streamId + "/pushes", new JsonObject().put("url", "http://x")).statusCode());
            assertEquals(404, send("POST", "/api/v1/streams/nope/pushes", new JsonObject().put("url", url)).statusCode());
        } finally {
            rx.destroyForcibly();
        }
        String info = probe(file);
        assertTrue(info.startsWith("h264,704,576,"), info + " / " + Files.readString(dir.resolve("receiver.log")));
    }

    @Test
    void anAutoPushRuleStartsPushesRestartsAndStopsTheChannelsStream() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        int port = io.gbmesh.testing.FreePorts.tcpAndUdp();
        Path first = dir.resolve("first.flv");
        Process rx = receiver("rtmp://127.0.0.1:" + port + "/live/any", first, 2);
        try (OneJvmMesh mesh = OneJvmMesh.withApiSettings("autopush", 37300, dir.resolve("data"), TOKEN,
                withAll(database(), Map.of("GB_AUTO_PUSH_INTERVAL_MS", "1000")))) {
            api = "http://127.0.0.1:" + mesh.api.httpPort();
            SimulatedDevice device = mesh.device();
            String channel = device.channelIds().get(0);
            assertEquals(0, streams().size());
            assertEquals(400, send("PUT", "/api/v1/push-rules", new JsonObject().put("rules", new JsonArray()
                    .add(new JsonObject().put("devicePattern", "34x").put("url", "rtmp://h/x")))).statusCode());

            String template = "rtmp://127.0.0.1:" + port + "/live/{deviceId}_{channelId}_{ssrc}";
            JsonObject rules = new JsonObject().put("rules", new JsonArray().add(new JsonObject().put("ruleId", "cdn")
                    .put("devicePattern", device.deviceId().substring(0, 10) + "*").put("channelPattern", channel)
                    .put("url", template)));
            json("PUT", "/api/v1/push-rules", rules, 200);
            assertEquals("cdn", json("GET", "/api/v1/push-rules", null, 200).getJsonArray("rules").getJsonObject(0)
                    .getString("ruleId"));

            // the channel is online: its live stream is started and pushed
            assertTrue(rx.waitFor(40, TimeUnit.SECONDS), "the receiver recorded the rule's push");
            assertTrue(probe(first).startsWith("h264,704,576,"), probe(first));
            JsonObject stream = streams().getJsonObject(0);
            assertEquals(channel, stream.getString("channelId"));
            JsonObject push = stream.getJsonArray("pushes").getJsonObject(0);
            assertEquals("rule-cdn", push.getString("pushId"));
            assertEquals(template.replace("{deviceId}", device.deviceId()).replace("{channelId}", channel)
                    .replace("{ssrc}", stream.getString("ssrc")), push.getString("url"));

            // the stream stops: the next round starts it again, with the push
            String stopped = stream.getString("streamId");
            assertEquals(204, send("DELETE", "/api/v1/streams/" + stopped, null).statusCode());
            eventually("the rule's stream started again", Duration.ofSeconds(30), () -> {
                try {
                    JsonArray now = streams();
                    return now.size() == 1 && !now.getJsonObject(0).getString("streamId").equals(stopped)
                            && now.getJsonObject(0).getJsonArray("pushes").size() == 1;
                } catch (Exception e) {
                    return false; // not yet
                }
            });
            assertNotEquals(stopped, streams().getJsonObject(0).getString("streamId"));

            // the rule goes: its push and the stream it started stop
            json("PUT", "/api/v1/push-rules", new JsonObject().put("rules", new JsonArray()), 200);
            eventually("the stream stopped with its rule", Duration.ofSeconds(15), () -> {
                try {
                    return streams().isEmpty();
                } catch (Exception e) {
                    return false; // not yet
                }
            });
        } finally {
            rx.destroyForcibly();
        }
    }
}
