package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloads end to end in one JVM with a simulated camera: a range downloaded at 8x over each
 * transport ends {@code done} with an MP4 whose duration ffprobe reads as the range's (within a GOP),
 * in well under the range's time; two at once; one stopped mid-way, one the camera ends early and one
 * that stalls keep a playable file shorter than the range; bad requests are refused with 400.
 */
class DownloadTest {
    /** The simulator's capture: a key frame every 25 frames at 25 fps. */
    private static final double GOP_SECONDS = 1;
    /** Always with seconds ({@code LocalDateTime#toString} drops ":00"). */
    static final java.time.format.DateTimeFormatter SECONDS = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    @RegisterExtension
    static final RecordingApi api = RecordingApi.downloads(41, 6);

    @TempDir
    Path dir;

    /** The start of a recording about an hour ago, plus {@code offset} seconds. */
    private static long recordingStart(int offset) throws Exception {
        LocalDateTime now = LocalDateTime.now();
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId()
                + "/records?start=" + now.minusHours(2).format(SECONDS) + "&end=" + now.minusMinutes(30).format(SECONDS))).GET());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items").getJsonObject(0).getLong("startEpoch") + offset;
    }

    private static JsonObject download(long start, long seconds, int speed, String transport) throws Exception {
        HttpResponse<String> r = api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/downloads",
                new JsonObject().put("start", start).put("end", start + seconds).put("speed", speed).put("transport", transport));
        assertEquals(201, r.statusCode(), r.body());
        JsonObject answer = new JsonObject(r.body());
        assertNotNull(answer.getString("downloadId"), r.body());
        return answer;
    }

    private static JsonObject show(String id) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/" + id)).GET());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static JsonObject awaitState(String id, String state, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject d = show(id);
            if (!"running".equals(d.getString("state")) || System.nanoTime() > deadline) {
                assertEquals(state, d.getString("state"), d.encode());
                return d;
            }
            Thread.sleep(100);
        }
    }

    private Path fetch(String id) throws Exception {
        Path file = dir.resolve(id + ".mp4");
        HttpResponse<Path> r = api.http().send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/" + id + "/file")).GET()
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofFile(file));
        assertEquals(200, r.statusCode());
        assertEquals("video/mp4", r.headers().firstValue("content-type").orElse(""));
        return file;
    }

    /** ffprobe's duration of the file's video, decoding every frame: {codec, seconds, frames}. */
    private static String[] probe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,nb_read_frames:format=duration", "-of", "csv=p=0",
                file.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes()).trim();
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, "ffprobe said: " + out);
        String[] stream = lines[0].split(",");
        return new String[] {stream[0], lines[1].trim(), stream[1]};
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp-passive", "tcp-active"})
    void aDownloadAt8xEndsDoneWithTheWholeRangeInAnEighthOfItsTime(String transport) throws Exception {
        long started = System.nanoTime();
        JsonObject answer = download(recordingStart(60), 32, 8, transport);
        String id = answer.getString("downloadId");
        JsonObject done = awaitState(id, "done", Duration.ofSeconds(30));
        double wall = (System.nanoTime() - started) / 1e9;
        assertTrue(wall < 32 / 3.0, "32 s at 8x took " + wall + " s");
        assertEquals(1.0, done.getDouble("progress"), done.encode());
        assertTrue(done.getDouble("speedAchieved") > 3, done.encode());
        assertTrue(done.getLong("bytes") > 100_000, done.encode());

        String[] info = probe(fetch(id));
        assertEquals("h264", info[0]);
        double seconds = Double.parseDouble(info[1]);
        assertTrue(Math.abs(seconds - 32) <= GOP_SECONDS + 0.1, "the file lasts " + seconds + " s for a 32 s range");
        assertTrue(Integer.parseInt(info[2]) >= 25 * 30, "frames decoded: " + info[2]);

        HttpResponse<String> part = api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/" + id + "/file"))
                .header("Range", "bytes=100-199").GET());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/" + done.getLong("bytes"), part.headers().firstValue("content-range").orElse(""));
        assertEquals(100, part.body().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length);
        System.out.printf("download %s: 32 s at 8x over %s in %.2f s wall, speed achieved %s, file %.3f s%n", id, transport,
                wall, done.getDouble("speedAchieved"), seconds);
    }

    /** Two of the same channel: the camera's end of file for the shorter one does not end the longer one. */
    @Test
    void twoDownloadsRunAtOnce() throws Exception {
        long start = recordingStart(120);
        CompletableFuture<JsonObject> first = CompletableFuture.supplyAsync(() -> quietly(() -> download(start, 16, 8, "udp")));
        CompletableFuture<JsonObject> second = CompletableFuture.supplyAsync(() -> quietly(() -> download(start + 100, 40, 8, "udp")));
        String a = first.get(40, TimeUnit.SECONDS).getString("downloadId");
        String b = second.get(40, TimeUnit.SECONDS).getString("downloadId");
        assertTrue(!a.equals(b));
        awaitState(a, "done", Duration.ofSeconds(30));
        awaitState(b, "done", Duration.ofSeconds(30));
        String[] ids = {a, b};
        int[] lengths = {16, 40};
        for (int i = 0; i < 2; i++) {
            double seconds = Double.parseDouble(probe(fetch(ids[i]))[1]);
            assertTrue(Math.abs(seconds - lengths[i]) <= GOP_SECONDS + 0.1, ids[i] + " lasts " + seconds + " s");
        }
        String list = api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads")).GET()).body();
        assertTrue(list.contains(a) && list.contains(b), list);
    }

    @Test
    void aDownloadStoppedMidwayKeepsAPlayableFileShorterThanTheRange() throws Exception {
        String id = download(recordingStart(200), 120, 2, "udp").getString("downloadId");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (show(id).getDouble("mediaSeconds") < 6 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        HttpResponse<String> stop = api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/" + id)).DELETE());
        assertEquals(202, stop.statusCode(), stop.body());
        JsonObject stopped = awaitState(id, "stopped", Duration.ofSeconds(10));
        assertTrue(stopped.getDouble("progress") < 0.5, stopped.encode());
        String[] info = probe(fetch(id));
        double seconds = Double.parseDouble(info[1]);
        assertTrue(seconds >= 4 && seconds < 60, "the stopped file lasts " + seconds + " s");
        assertTrue(Integer.parseInt(info[2]) >= 100, "frames decoded: " + info[2]);
    }

    @Test
    void aDownloadTheCameraEndsEarlyFailsWithAReasonAndAPlayableFile() throws Exception {
        int before = api.device().media().callIds().size();
        String id = download(recordingStart(400), 120, 2, "udp").getString("downloadId");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (show(id).getDouble("mediaSeconds") < 6 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(before + 1, api.device().media().callIds().size());
        String callId = api.device().media().callIds().get(api.device().media().callIds().size() - 1);
        Await.await(api.device().media().bye(callId));
        JsonObject failed = awaitState(id, "failed", Duration.ofSeconds(10));
        assertTrue(failed.getString("reason") != null && failed.getString("reason").contains("of 120.0 s"), failed.encode());
        double seconds = Double.parseDouble(probe(fetch(id))[1]);
        assertTrue(seconds >= 4 && seconds < 60, "the partial file lasts " + seconds + " s");
    }

    @Test
    void aDownloadThatStallsFailsWithAReasonAndAPlayableFile() throws Exception {
        String id = download(recordingStart(600), 120, 2, "udp").getString("downloadId");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (show(id).getDouble("mediaSeconds") < 6 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        api.device().media().mute(true);
        try {
            // no RTP for the node's stall time (5 s here), then the download ends
            JsonObject failed = awaitState(id, "failed", Duration.ofSeconds(20));
            assertTrue(failed.getString("reason").contains("stalled"), failed.encode());
        } finally {
            api.device().media().mute(false);
        }
        double seconds = Double.parseDouble(probe(fetch(id))[1]);
        assertTrue(seconds >= 4 && seconds < 60, "the partial file lasts " + seconds + " s");
    }

    @Test
    void badRequestsAreRefused() throws Exception {
        String path = "/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/downloads";
        long start = recordingStart(0);
        for (JsonObject body : new JsonObject[] {
                new JsonObject().put("start", start).put("end", start + 30).put("speed", 9),
                new JsonObject().put("start", start).put("end", start + 30).put("speed", 0),
                new JsonObject().put("start", start).put("end", start + 30).put("speed", 2.5),
                new JsonObject().put("start", start + 30).put("end", start),
                new JsonObject().put("start", "yesterday").put("end", start),
                new JsonObject().put("start", start).put("end", start + 30).put("transport", "carrier-pigeon")}) {
            HttpResponse<String> r = api.post(path, body);
            assertEquals(400, r.statusCode(), body + " → " + r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").contains("problem+json"), r.headers().toString());
        }
        assertEquals(400, api.post("/api/v1/devices/1/channels/2/downloads", new JsonObject().put("start", start)
                .put("end", start + 30)).statusCode());
        assertEquals(404, api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/nope")).GET()).statusCode());
        assertEquals(404, api.send(HttpRequest.newBuilder(api.uri("/api/v1/downloads/nope")).DELETE()).statusCode());
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T quietly(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
