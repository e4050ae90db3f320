package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.Recordings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Recordings end to end in one JVM with a simulated camera: its recordings listed over HTTP, a range
 * played back over each transport and decoded by ffprobe, paused, sped up, sought, and ended by the
 * camera's end of file, the FLV timestamps monotonic throughout.
 */
class PlaybackTest {
    @RegisterExtension
    static final RecordingApi api = RecordingApi.playback(31);

    @TempDir
    Path dir;

    @AfterEach
    void planAgain() {
        api.device().recordings().plan(Recordings.Plan.DEFAULT);
    }

    private static JsonArray records(LocalDateTime from, LocalDateTime to) throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId()
                + "/records?start=" + from.withNano(0) + "&end=" + to.withNano(0) + "&type=all")).GET());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items");
    }

    /** Starts a playback of {@code seconds} from the start of a recording an hour ago; its answer. */
    private static JsonObject playback(String transport, int seconds) throws Exception {
        LocalDateTime now = LocalDateTime.now();
        JsonObject file = records(now.minusHours(2), now.minusMinutes(30)).getJsonObject(0);
        long start = file.getLong("startEpoch");
        HttpResponse<String> r = api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/playback",
                new JsonObject().put("start", start).put("end", start + seconds).put("transport", transport));
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static JsonObject control(String streamId, JsonObject body) throws Exception {
        HttpResponse<String> r = api.post("/api/v1/streams/" + streamId + "/control", body);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private FlvTags watch(JsonObject answer, String name) throws Exception {
        HttpResponse<InputStream> resp = api.http().send(HttpRequest.newBuilder(URI.create(answer.getJsonObject("urls").getString("flv")))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resp.statusCode());
        return new FlvTags(resp.body(), Files.newOutputStream(dir.resolve(name + ".flv")));
    }

    private String probe(String name) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0",
                dir.resolve(name + ".flv").toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    /** Waits until the API lists no stream of the camera. */
    private static void awaitNoStreamOfTheDevice(String what) throws InterruptedException {
        eventually(what, Duration.ofSeconds(10), () -> {
            try {
                return streamsOfTheDevice().isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static String callIdOfThePlayback() throws Exception {
        eventually("one playback dialog at the camera", Duration.ofSeconds(5), () -> api.device().media().callIds().size() == 1);
        return api.device().media().callIds().get(0);
    }

    @Test
    void theChannelsRecordingsAreListedWithEveryField() throws Exception {
        LocalDateTime now = LocalDateTime.now();
        JsonArray items = records(now.minusHours(3), now);
        assertTrue(items.size() >= 17, "3 hours of 10-minute files: " + items.size());
        JsonObject first = items.getJsonObject(0);
        for (String field : List.of("start", "end", "name", "filePath", "address", "secrecy", "type", "recorderId", "fileSize")) {
            assertTrue(first.containsKey(field), field + " in " + first);
        }
        assertEquals(600, first.getLong("endEpoch") - first.getLong("startEpoch"));
        HttpResponse<String> bad = api.send(HttpRequest.newBuilder(api.uri("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId()
                + "/records?start=yesterday&end=today")).GET());
        assertEquals(400, bad.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp-passive", "tcp-active"})
    void aPlaybackDecodesOverEachTransport(String transport) throws Exception {
        JsonObject answer = playback(transport, 120);
        assertTrue(answer.getString("ssrc").startsWith("1"), "a recorded stream's SSRC starts with 1: " + answer);
        try (FlvTags flv = watch(answer, transport)) {
            eventually("video at the viewer", Duration.ofSeconds(10), () -> flv.tags().size() > 60);
        }
        String info = probe(transport);
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp-passive", "tcp-active"})
    void pauseScaleAndSeekAreHonouredAndTimestampsStayMonotonic(String transport) throws Exception {
        JsonObject answer = playback(transport, 600);
        String streamId = answer.getString("streamId");
        String callId = callIdOfThePlayback();
        try (FlvTags flv = watch(answer, "vcr-" + transport)) {
            eventually("video at the viewer", Duration.ofSeconds(10), () -> flv.tags().size() > 25);

            assertEquals(1, control(streamId, new JsonObject().put("action", "pause")).getInteger("cseq"));
            // what was under way drains (on a loaded machine it may come late, in a burst)
            eventually("the viewer drained", Duration.ofSeconds(10), () -> flv.since(System.currentTimeMillis() - 700).isEmpty());
            long pausedAt = System.currentTimeMillis();
            Thread.sleep(1500);
            assertEquals(List.of(), flv.since(pausedAt), "no frame while paused");

            control(streamId, new JsonObject().put("action", "scale").put("scale", 4));
            long resumedAt = System.currentTimeMillis();
            control(streamId, new JsonObject().put("action", "resume"));
            // the pace is measured once the stream flows again, over 4 s of wall time
            eventually("video again after resume", Duration.ofSeconds(5), () -> flv.since(resumedAt).size() > 10);
            long from = System.currentTimeMillis();
            Thread.sleep(4000);
            List<FlvTags.Tag> fast = flv.since(from);
            double mediaPerWall = (fast.get(fast.size() - 1).timestamp() - fast.get(0).timestamp())
                    / (double) (fast.get(fast.size() - 1).arrivedMillis() - fast.get(0).arrivedMillis());
            assertTrue(mediaPerWall > 3.2 && mediaPerWall < 4.8, "scale 4 gives 4 s of media per second: " + mediaPerWall);

            control(streamId, new JsonObject().put("action", "scale").put("scale", 1));
            long seekAt = System.currentTimeMillis();
            control(streamId, new JsonObject().put("action", "seek").put("position", 300));
            double position = api.device().media().replayState(callId)[0];
            // from the key frame at or before 300 s (one GOP), playing on at 1x until it is read
            assertTrue(position <= 302 && position > 300 - 4.5, "the camera went to the key frame before 300 s: " + position);
            eventually("the key frame of the new position at the viewer", Duration.ofSeconds(3),
                    () -> flv.since(seekAt).stream().anyMatch(FlvTags.Tag::keyFrame));

            List<FlvTags.Tag> all = flv.tags();
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).timestamp() >= all.get(i - 1).timestamp(),
                        "monotonic at " + i + ": " + all.get(i - 1) + " then " + all.get(i));
            }
        }
        String info = probe("vcr-" + transport);
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info);
    }

    @Test
    void theCamerasEndOfFileEndsThePlaybackCleanly() throws Exception {
        long endsBefore = api.device().media().streamsEnded();
        int statusBefore = api.device().mediaStatusSent();
        JsonObject answer = playback("udp", 4);
        String streamId = answer.getString("streamId");
        eventually("MediaStatus 121 from the camera", Duration.ofSeconds(15),
                () -> api.device().mediaStatusSent() > statusBefore);
        eventually("the platform's BYE at the camera", Duration.ofSeconds(10),
                () -> api.device().media().streamsEnded() > endsBefore);
        HttpResponse<String> list = api.send(HttpRequest.newBuilder(api.uri("/api/v1/streams")).GET());
        assertTrue(!list.body().contains(streamId), "the playback is gone from the stream list: " + list.body());
        HttpResponse<String> again = api.post("/api/v1/streams/" + streamId + "/control", new JsonObject().put("action", "pause"));
        assertEquals(404, again.statusCode(), again.body());
    }

    private static JsonArray streamsOfTheDevice() throws Exception {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/api/v1/streams")).GET());
        assertEquals(200, r.statusCode(), r.body());
        JsonArray out = new JsonArray();
        new JsonObject(r.body()).getJsonArray("streams").forEach(o -> {
            if (api.deviceId().equals(((JsonObject) o).getString("deviceId"))) {
                out.add(o);
            }
        });
        return out;
    }

    /** Frames decoded by ffprobe and the media time they cover (the capture runs at 25 frames a second). */
    private double decodedSeconds(String name) throws Exception {
        String info = probe(name);
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info);
        return Integer.parseInt(info.substring(info.lastIndexOf(',') + 1).trim()) / 25.0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp-passive", "tcp-active"})
    void aPlaybackOverThreeFilesGoesOnFromFileToFileAsOneStream(String transport) throws Exception {
        // files of 6 s every 9 s (3 s gaps between them), the camera replaying one file per INVITE, 121 at its end
        api.device().recordings().plan(new Recordings.Plan(1, 6, 3, 0, 10, 0, false, true));
        LocalDateTime from = LocalDateTime.now().minusHours(1);
        long first = records(from, from.plusSeconds(40)).stream().map(o -> ((JsonObject) o).getLong("startEpoch"))
                .filter(t -> t >= from.atZone(java.time.ZoneId.systemDefault()).toEpochSecond()).findFirst().orElseThrow();
        // 5 s of the first file, all 6 s of the second, 4 s of the third: 15 s of media over 21 s asked
        long start = first + 1;
        long end = first + 18 + 4;
        int statusBefore = api.device().mediaStatusSent();
        HttpResponse<String> r = api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/playback",
                new JsonObject().put("start", start).put("end", end).put("transport", transport));
        assertEquals(200, r.statusCode(), r.body());
        JsonObject answer = new JsonObject(r.body());
        String streamId = answer.getString("streamId");
        String firstDialog = callIdOfThePlayback();
        String name = "files-" + transport;
        long startedAt = System.currentTimeMillis();
        long lastFileAt;
        try (FlvTags flv = watch(answer, name)) {
            eventually("the end of the first file", Duration.ofSeconds(20), () -> api.device().mediaStatusSent() > statusBefore);
            eventually("the camera INVITEd again for the second file", Duration.ofSeconds(10), () -> {
                List<String> calls = api.device().media().callIds();
                return calls.size() == 1 && !calls.get(0).equals(firstDialog);
            });
            JsonArray during = streamsOfTheDevice();
            assertEquals(1, during.size(), during.encode());
            assertEquals(streamId, during.getJsonObject(0).getString("streamId"), "the same stream goes on");
            eventually("the end of the second file", Duration.ofSeconds(20),
                    () -> api.device().mediaStatusSent() > statusBefore + 1);
            lastFileAt = System.currentTimeMillis();
            eventually("the end of the third file", Duration.ofSeconds(20),
                    () -> api.device().mediaStatusSent() > statusBefore + 2);
            awaitNoStreamOfTheDevice("the playback ended at the end asked");
            eventually("the platform's BYE of the last dialog", Duration.ofSeconds(10),
                    () -> api.device().media().callIds().isEmpty());
            assertTrue(flv.since(lastFileAt + 500).size() > 50,
                    "the third file reached the viewer over the connection it opened for the first: " + flv.since(lastFileAt).size());
            List<FlvTags.Tag> all = flv.tags();
            for (int i = 1; i < all.size(); i++) {
                assertTrue(all.get(i).timestamp() >= all.get(i - 1).timestamp(),
                        "monotonic at " + i + ": " + all.get(i - 1) + " then " + all.get(i));
            }
            double span = (all.get(all.size() - 1).timestamp() - all.get(0).timestamp()) / 1000.0;
            assertTrue(span > 13 && span < 19, "the viewer's timestamps cover the three files' 15 s: " + span);
        }
        assertEquals(statusBefore + 3, api.device().mediaStatusSent(), "one end of file per file");
        double media = decodedSeconds(name);
        // each INVITE starts at the key frame at or before its start (GOPs of 1 s); the last frames may be cut
        assertTrue(media > 13.5 && media < 18.5, "15 s of the three files decoded: " + media + " s, in "
                + (System.currentTimeMillis() - startedAt) + " ms");
    }

    @Test
    void aCameraThatSendsEach121TwiceStillPlaysFileAfterFile() throws Exception {
        // the files of the case above; each end of file comes in two MESSAGEs in the dialog, back to back
        api.device().recordings().plan(new Recordings.Plan(1, 6, 3, 0, 10, 0, false, true));
        api.device().mediaStatusCopies(2);
        try {
            LocalDateTime from = LocalDateTime.now().minusHours(1);
            long first = records(from, from.plusSeconds(40)).stream().map(o -> ((JsonObject) o).getLong("startEpoch"))
                    .filter(t -> t >= from.atZone(java.time.ZoneId.systemDefault()).toEpochSecond()).findFirst().orElseThrow();
            long start = first + 1;
            long end = first + 18 + 4;
            int statusBefore = api.device().mediaStatusSent();
            long endedBefore = api.device().media().streamsEnded();
            HttpResponse<String> r = api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/playback",
                    new JsonObject().put("start", start).put("end", end).put("transport", "udp"));
            assertEquals(200, r.statusCode(), r.body());
            String streamId = new JsonObject(r.body()).getString("streamId");
            String firstDialog = callIdOfThePlayback();
            eventually("the end of the first file", Duration.ofSeconds(20), () -> api.device().mediaStatusSent() > statusBefore);
            eventually("the camera INVITEd again for the second file", Duration.ofSeconds(10), () -> {
                List<String> calls = api.device().media().callIds();
                return calls.size() == 1 && !calls.get(0).equals(firstDialog);
            });
            eventually("the end of the second file", Duration.ofSeconds(20),
                    () -> api.device().mediaStatusSent() > statusBefore + 1);
            eventually("the third file's dialog", Duration.ofSeconds(10), () -> api.device().media().callIds().size() == 1);
            JsonArray during = streamsOfTheDevice();
            assertEquals(1, during.size(), during.encode());
            assertEquals(streamId, during.getJsonObject(0).getString("streamId"), "the same stream plays the third file");
            eventually("the end of the third file", Duration.ofSeconds(20),
                    () -> api.device().mediaStatusSent() > statusBefore + 2);
            awaitNoStreamOfTheDevice("the playback ended at the end asked");
            assertEquals(statusBefore + 3, api.device().mediaStatusSent(), "three files played to their end");
            eventually("one BYE per dialog: " + (api.device().media().streamsEnded() - endedBefore), Duration.ofSeconds(10),
                    () -> api.device().media().streamsEnded() == endedBefore + 3);
        } finally {
            api.device().mediaStatusCopies(1);
        }
    }

    @Test
    void aSeekOnceTheFirstFilePlayedCountsFromTheStartOfTheRangeAsked() throws Exception {
        api.device().recordings().plan(new Recordings.Plan(1, 6, 3, 0, 10, 0, false, true));
        LocalDateTime from = LocalDateTime.now().minusHours(1);
        long first = records(from, from.plusSeconds(40)).stream().map(o -> ((JsonObject) o).getLong("startEpoch"))
                .filter(t -> t >= from.atZone(java.time.ZoneId.systemDefault()).toEpochSecond()).findFirst().orElseThrow();
        int statusBefore = api.device().mediaStatusSent();
        HttpResponse<String> r = api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/playback",
                new JsonObject().put("start", first + 1).put("end", first + 22).put("transport", "udp"));
        assertEquals(200, r.statusCode(), r.body());
        String streamId = new JsonObject(r.body()).getString("streamId");
        String firstDialog = callIdOfThePlayback();
        eventually("the end of the first file", Duration.ofSeconds(20), () -> api.device().mediaStatusSent() > statusBefore);
        eventually("the camera INVITEd again for the second file", Duration.ofSeconds(10), () -> {
            List<String> calls = api.device().media().callIds();
            return calls.size() == 1 && !calls.get(0).equals(firstDialog);
        });
        String secondDialog = api.device().media().callIds().get(0);

        // 10 s into the range asked is 2 s into the second file, which starts 8 s after the range
        assertEquals(1, control(streamId, new JsonObject().put("action", "seek").put("position", 10)).getInteger("cseq"));
        double position = api.device().media().replayState(secondDialog)[0];
        assertTrue(position >= 0.9 && position <= 2.6, "the camera went to the key frame before 2 s of its file: " + position);

        // 3 s into the range asked is back in the first file: the camera is INVITEd again from there
        assertEquals(0, control(streamId, new JsonObject().put("action", "seek").put("position", 3)).getInteger("cseq"));
        eventually("the camera INVITEd again from the first file", Duration.ofSeconds(10), () -> {
            List<String> calls = api.device().media().callIds();
            return calls.size() == 1 && !calls.get(0).equals(secondDialog);
        });
        String back = api.device().media().callIds().get(0);
        JsonArray streams = streamsOfTheDevice();
        assertEquals(1, streams.size(), streams.encode());
        assertEquals(streamId, streams.getJsonObject(0).getString("streamId"));
        // from 4 s after the first file's start, its end comes about 2 s later, and the playback goes on to the second
        eventually("on to the second file again", Duration.ofSeconds(10), () -> {
            List<String> calls = api.device().media().callIds();
            return calls.size() == 1 && !calls.get(0).equals(back);
        });
    }

    @Test
    void anEndOfFileOutOfDialogEndsTheChannelsPlaybackToo() throws Exception {
        api.device().mediaStatusInDialog(false);
        try {
            long endsBefore = api.device().media().streamsEnded();
            int statusBefore = api.device().mediaStatusSent();
            String streamId = playback("udp", 4).getString("streamId");
            eventually("MediaStatus 121 from the camera", Duration.ofSeconds(15),
                    () -> api.device().mediaStatusSent() > statusBefore);
            eventually("the platform's BYE at the camera", Duration.ofSeconds(10),
                    () -> api.device().media().streamsEnded() > endsBefore);
            assertTrue(!streamsOfTheDevice().encode().contains(streamId), "the playback is gone");
        } finally {
            api.device().mediaStatusInDialog(true);
        }
    }

    @Test
    void controlsOfNoPlaybackOrOutOfBoundsAreRefused() throws Exception {
        assertEquals(404, api.post("/api/v1/streams/nope/control", new JsonObject().put("action", "pause")).statusCode());
        JsonObject answer = playback("udp", 60);
        String streamId = answer.getString("streamId");
        assertEquals(400, api.post("/api/v1/streams/" + streamId + "/control", new JsonObject().put("action", "scale").put("scale", 16))
                .statusCode());
        assertEquals(400, api.post("/api/v1/streams/" + streamId + "/control", new JsonObject().put("action", "rewind")).statusCode());
        assertEquals(400, api.post("/api/v1/devices/" + api.deviceId() + "/channels/" + api.channelId() + "/playback",
                new JsonObject().put("start", 100).put("end", 50)).statusCode());
    }
}
