package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.media.talk.TalkConfig;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.talk.TalkMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Voice broadcast end to end (GB/T 28181-2016 §9.12, reference 4.7 and 6.12): the API's broadcast
 * sends the simulated camera a Broadcast notification, the camera sends its INVITE for audio, the
 * media node sends a file as G.711 RTP over UDP, TCP with the camera connecting, or TCP with the
 * media node connecting, and the camera writes what it receives into a WAV that ffprobe and ffmpeg
 * read: the file's length and level. A device BYE ends the talk, a second talk on a channel is 409.
 * (A forged INVITE for audio: {@link TalkSignallingTest}.)
 */
class TalkBroadcastTest {
    private static ControlMesh mesh;
    private static MediaNodeVerticle media;
    private static Path dataDir;
    private static Path sine;
    private static double sineMeanDb;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("gbmesh-talk");
        mesh = new ControlMesh("talk", dataDir, 901);
        int rtp = io.gbmesh.testing.FreePorts.tcpAndUdp();
        media = new MediaNodeVerticle(MediaConfig.loopback("media-talk", rtp, rtp + 19).withTimers(5000, 30000, 1000, 300),
                OneJvmMesh.MEDIA_URLS).withTalks(TalkConfig.fromEnv(new Env(Map.of())).withFileDir(dataDir));
        await(mesh.vertx.deployVerticle(media));
        // 3 s of a 440 Hz tone in stereo at 44.1 kHz: the media node resamples it to 8 kHz mono
        sine = dataDir.resolve("sine.wav");
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=3:sample_rate=44100", "-af", "volume=4", "-ac", "2", sine.toString());
        sineMeanDb = meanVolume(sine);
        // the API has heard the media node's load report (every 300 ms) before the first talk
        eventually("the media node in the cluster view", Duration.ofSeconds(30), () -> {
            try {
                return mesh.send("GET", "/cluster", null).body().contains("media-talk");
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(400);
    }

    @AfterAll
    static void stop() throws Exception {
        mesh.close();
    }

    @AfterEach
    void noTalkLeft() throws Exception {
        for (Object t : mesh.send("GET", "/talks", null).json().getJsonArray("items")) {
            mesh.send("DELETE", "/talks/" + ((JsonObject) t).getString("talkId"), null);
        }
        eventually("the media node's talks ended", Duration.ofSeconds(5), () -> media.talks().activeTalks() == 0);
    }

    private static SimulatedDevice camera() {
        return mesh.udp.device(0);
    }

    private static String broadcastPath(SimulatedDevice d) {
        return "/devices/" + d.deviceId() + "/channels/" + d.channelIds().get(0) + "/broadcast";
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TalkMode.class)
    void theCameraPlaysTheFileWeSent(TalkMode mode) throws Exception {
        SimulatedDevice d = camera();
        Path out = Files.createDirectories(dataDir.resolve("received-" + mode));
        d.talk().mode(mode).outputDir(out);
        int byes = d.talk().byesReceived();

        ControlMesh.Response r = mesh.send("POST", broadcastPath(d), "{\"source\":\"file\",\"file\":\"" + sine + "\"}");

        assertEquals(201, r.status(), r.body());
        JsonObject talk = r.json();
        // the media node's side is the complement of the camera's a=setup
        String expected = switch (mode) {
            case UDP -> "UDP";
            case TCP_ACTIVE -> "TCP_PASSIVE";
            case TCP_PASSIVE -> "TCP_ACTIVE";
        };
        assertEquals(expected, talk.getString("transport"));
        assertEquals("PCMA", talk.getString("codec"));
        assertEquals("talking", talk.getString("state"));
        // the end of the file ends the talk: our BYE reaches the camera and the talk is gone
        eventually("the BYE at the end of the file", Duration.ofSeconds(15),
                () -> d.talk().byesReceived() > byes && !d.talk().active());
        eventually("the talk is no longer listed", Duration.ofSeconds(5), () -> {
            try {
                return mesh.send("GET", "/talks", null).json().getJsonArray("items").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        Path wav = d.talk().lastFile();
        assertTrue(wav.startsWith(out), "the camera wrote " + wav);
        String probe = run("ffprobe", "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration",
                "-of", "default=noprint_wrappers=1", wav.toString());
        assertTrue(probe.contains("codec_name=pcm_alaw"), probe);
        assertTrue(probe.contains("sample_rate=8000"), probe);
        double duration = Double.parseDouble(value(probe, "duration"));
        assertEquals(3.0, duration, 0.25, "the camera received the 3 s of the file");
        assertEquals(sineMeanDb, meanVolume(wav), 1.5, "at the level it was sent");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"webm", "ogg"})
    void aBrowsersOpusReachesTheCameraAtItsLengthAndLevel(String container) throws Exception {
        // what MediaRecorder gives for audio/webm;codecs=opus (or audio/ogg): 3 s of a 440 Hz tone encoded by libopus
        Path webm = dataDir.resolve("tone-opus." + container);
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=3:sample_rate=48000", "-af", "volume=4", "-c:a", "libopus", "-b:a", "32k",
                webm.toString());
        Tone sent = tone(webm);
        SimulatedDevice d = camera();
        Path out = Files.createDirectories(dataDir.resolve("received-opus-" + container));
        d.talk().mode(TalkMode.UDP).outputDir(out);
        int byes = d.talk().byesReceived();
        ControlMesh.Response r = mesh.send("POST", broadcastPath(d), "{\"source\":\"websocket\"}");
        assertEquals(201, r.status(), r.body());

        // in slices of 100 ms, as MediaRecorder.start(100) hands them out, then the browser hangs up
        byte[] bytes = Files.readAllBytes(webm);
        int slices = 30;
        io.vertx.core.http.WebSocket ws = await(mesh.vertx.createWebSocketClient().connect(
                new io.vertx.core.http.WebSocketConnectOptions().setAbsoluteURI(r.json().getString("audioUrl"))));
        java.util.concurrent.CompletableFuture<Void> sentAll = new java.util.concurrent.CompletableFuture<>();
        int[] next = {0};
        mesh.vertx.setPeriodic(0, 100, timer -> {
            int i = next[0]++;
            int from = bytes.length * i / slices;
            int to = bytes.length * (i + 1) / slices;
            ws.writeBinaryMessage(io.vertx.core.buffer.Buffer.buffer(java.util.Arrays.copyOfRange(bytes, from, to)));
            if (i == slices - 1) {
                mesh.vertx.cancelTimer(timer);
                ws.close().onComplete(v -> sentAll.complete(null));
            }
        });
        sentAll.get(20, java.util.concurrent.TimeUnit.SECONDS);

        eventually("the BYE once what was sent is played", Duration.ofSeconds(15),
                () -> d.talk().byesReceived() > byes && !d.talk().active());
        Tone received = tone(d.talk().lastFile());
        assertEquals(sent.seconds(), received.seconds(), 0.1 * sent.seconds(), "the tone's length: sent " + sent + ", received "
                + received);
        assertEquals(sent.db(), received.db(), 1.5, "the tone's level: sent " + sent + ", received " + received);
        System.out.println("opus in " + container + " over the WebSocket: sent " + sent + ", the camera received " + received);
    }

    /** How long a file's audio is louder than -30 dBFS (in 20 ms blocks at 8 kHz), and its level then. */
    record Tone(double seconds, double db) {
    }

    static Tone tone(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", file.toString(), "-ac", "1",
                "-ar", "8000", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] pcm = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "ffmpeg read " + file);
        int loud = 0;
        double energy = 0;
        for (int block = 0; (block + 1) * 320 <= pcm.length; block++) {
            double sum = 0;
            for (int i = 0; i < 160; i++) {
                int at = block * 320 + 2 * i;
                double s = (short) ((pcm[at] & 0xFF) | (pcm[at + 1] << 8));
                sum += s * s;
            }
            if (Math.sqrt(sum / 160) > 32768 * Math.pow(10, -30 / 20.0)) {
                loud++;
                energy += sum;
            }
        }
        double db = loud == 0 ? -120 : 20 * Math.log10(Math.sqrt(energy / (loud * 160.0)) / 32768);
        return new Tone(loud * 0.02, db);
    }

    @Test
    void theCamerasByeEndsTheTalk() throws Exception {
        SimulatedDevice d = camera();
        d.talk().mode(TalkMode.UDP).outputDir(null);
        long before = d.talk().packetsReceived();
        ControlMesh.Response r = mesh.send("POST", broadcastPath(d), "{\"source\":\"websocket\"}");
        assertEquals(201, r.status(), r.body());
        assertTrue(r.json().getString("audioUrl").startsWith("ws://127.0.0.1:" + media.httpPort() + "/api/v1/talks/"));
        eventually("silence flows while the browser says nothing", Duration.ofSeconds(5),
                () -> d.talk().packetsReceived() > before + 10);

        await(d.talk().hangUp());

        eventually("the media node stopped sending", Duration.ofSeconds(5), () -> media.talks().activeTalks() == 0);
        JsonArray talks = mesh.send("GET", "/talks", null).json().getJsonArray("items");
        assertTrue(talks.isEmpty(), talks.encode());
        assertEquals(201, mesh.send("POST", broadcastPath(d), "{\"source\":\"websocket\"}").status(), "the channel is free again");
    }

    @Test
    void aSecondTalkOnTheChannelIsRefusedUntilTheFirstEnds() throws Exception {
        SimulatedDevice d = camera();
        d.talk().mode(TalkMode.UDP).outputDir(null);
        ControlMesh.Response first = mesh.send("POST", broadcastPath(d), "{\"source\":\"websocket\"}");
        assertEquals(201, first.status(), first.body());

        ControlMesh.Response second = mesh.send("POST", broadcastPath(d), "{\"source\":\"websocket\"}");

        assertEquals(409, second.status(), second.body());
        int byes = d.talk().byesReceived();
        assertEquals(204, mesh.send("DELETE", "/talks/" + first.json().getString("talkId"), null).status());
        eventually("our BYE reached the camera", Duration.ofSeconds(5), () -> d.talk().byesReceived() > byes);
        assertEquals(404, mesh.send("DELETE", "/talks/" + first.json().getString("talkId"), null).status());
    }

    @Test
    void badRequestsAreRefusedWithTheirReason() throws Exception {
        SimulatedDevice d = camera();
        assertEquals(400, mesh.send("POST", broadcastPath(d), "{\"source\":\"radio\"}").status());
        assertEquals(400, mesh.send("POST", broadcastPath(d), "{\"source\":\"file\"}").status());
        ControlMesh.Response outside = mesh.send("POST", broadcastPath(d), "{\"source\":\"file\",\"file\":\"/etc/passwd\"}");
        assertEquals(400, outside.status(), outside.body());
        assertTrue(outside.body().contains("GB_TALK_FILE_DIR"), outside.body());
        assertEquals(404, mesh.send("POST", "/devices/34020000001329999999/channels/34020000001319999999/broadcast",
                "{\"source\":\"websocket\"}").status());
    }

    private static String value(String probe, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "=(.+)$").matcher(probe);
        assertTrue(m.find(), probe);
        return m.group(1).strip();
    }

    static double meanVolume(Path file) throws IOException, InterruptedException {
        String out = run("ffmpeg", "-hide_banner", "-nostats", "-i", file.toString(), "-af", "volumedetect", "-f", "null", "-");
        Matcher m = Pattern.compile("mean_volume: (-?[0-9.]+) dB").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
