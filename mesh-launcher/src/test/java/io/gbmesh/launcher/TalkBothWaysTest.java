package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.media.talk.TalkConfig;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.media.MediaOptions;
import io.gbmesh.simulator.talk.TalkMode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A talk both ways end to end ({@code "mode":"talk"}; GB/T 28181-2016 §9.12 with the live stream of
 * §9.2): the simulated camera streams a capture that carries G.711 A-law audio, the API starts the
 * channel's live stream for the talk, and the talk's WebSocket gives the browser the camera's audio
 * as 8 kHz PCM in step with the wall clock while the browser's audio still reaches the camera. The
 * end of the talk stops the stream it started and leaves one it found running.
 */
class TalkBothWaysTest {
    private static final Path CAPTURE = Path.of("../media-node/src/test/resources/vectors/camera-320x240-h265-g711a.ps")
            .toAbsolutePath().normalize();
    private static ControlMesh mesh;
    private static MediaNodeVerticle media;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isRegularFile(CAPTURE), CAPTURE.toString());
        Path dataDir = Files.createTempDirectory("gbmesh-talk-both");
        mesh = new ControlMesh("talk-both", dataDir, 921, MediaOptions.DEFAULT.withMediaFile(CAPTURE.toString()));
        int rtp = io.gbmesh.testing.FreePorts.tcpAndUdp();
        media = new MediaNodeVerticle(MediaConfig.loopback("media-talk-both", rtp, rtp + 19).withTimers(5000, 30000, 1000, 300),
                OneJvmMesh.MEDIA_URLS).withTalks(TalkConfig.fromEnv(new Env(Map.of())));
        await(mesh.vertx.deployVerticle(media));
        eventually("the media node in the cluster view", Duration.ofSeconds(30), () -> {
            try {
                return mesh.send("GET", "/cluster", null).body().contains("media-talk-both");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        mesh.close();
    }

    @AfterEach
    void nothingLeft() throws Exception {
        for (Object t : mesh.send("GET", "/talks", null).json().getJsonArray("items")) {
            mesh.send("DELETE", "/talks/" + ((JsonObject) t).getString("talkId"), null);
        }
        for (Object s : mesh.send("GET", "/streams", null).json().getJsonArray("streams")) {
            mesh.send("DELETE", "/streams/" + ((JsonObject) s).getString("streamId"), null);
        }
        eventually("the media node's talks ended", Duration.ofSeconds(5), () -> media.talks().activeTalks() == 0);
    }

    private static SimulatedDevice camera() {
        return mesh.udp.device(0);
    }

    private static String channelPath(SimulatedDevice d) {
        return "/devices/" + d.deviceId() + "/channels/" + d.channelIds().get(0);
    }

    private static boolean streamListed(String streamId) {
        try {
            return mesh.send("GET", "/streams", null).body().contains(streamId);
        } catch (Exception e) {
            return false;
        }
    }

    /** A message from the media node: when it came and its bytes. */
    record Heard(long nanos, byte[] pcm) {
    }

    @Test
    void theCamerasAudioComesBackInStepWithTheClockWhileOursReachesIt() throws Exception {
        SimulatedDevice d = camera();
        d.talk().mode(TalkMode.UDP).outputDir(null);
        long packetsBefore = d.talk().packetsReceived();

        ControlMesh.Response r = mesh.send("POST", channelPath(d) + "/broadcast", "{\"source\":\"websocket\",\"mode\":\"talk\"}");

        assertEquals(201, r.status(), r.body());
        JsonObject talk = r.json();
        assertEquals("talk", talk.getString("mode"));
        String streamId = talk.getString("streamId");
        assertNotNull(streamId, talk.encode());
        assertTrue(talk.getBoolean("streamStartedForTalk"), talk.encode());
        assertEquals("media-talk-both", talk.getString("mediaNode"), "the talk runs where the stream is");
        assertTrue(streamListed(streamId), "the live stream started for the talk");

        List<Heard> heard = new CopyOnWriteArrayList<>();
        WebSocket ws = await(mesh.vertx.createWebSocketClient().connect(
                new WebSocketConnectOptions().setAbsoluteURI(talk.getString("audioUrl"))));
        ws.binaryMessageHandler(b -> heard.add(new Heard(System.nanoTime(), b.getBytes())));
        // the browser speaks meanwhile: a 400 Hz tone in 20 ms messages
        int[] chunk = {0};
        long speaking = mesh.vertx.setPeriodic(20, t -> {
            byte[] pcm = new byte[320];
            for (int i = 0; i < 160; i++) {
                short s = (short) (8000 * Math.sin(2 * Math.PI * 400 * (chunk[0] * 160 + i) / 8000.0));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            chunk[0]++;
            ws.writeBinaryMessage(Buffer.buffer(pcm));
        });
        eventually("the camera's audio on the WebSocket", Duration.ofSeconds(10), () -> !heard.isEmpty());
        long first = heard.get(0).nanos();
        eventually("four seconds of it", Duration.ofSeconds(10), () -> System.nanoTime() - first > 4_000_000_000L);
        mesh.vertx.cancelTimer(speaking);

        List<Heard> window = List.copyOf(heard);
        long samples = 0;
        double energy = 0;
        for (Heard h : window.subList(1, window.size())) {
            assertEquals(640, h.pcm().length, "40 ms of 16-bit PCM per message");
            for (int i = 0; i + 1 < h.pcm().length; i += 2) {
                double s = (short) ((h.pcm()[i] & 0xFF) | (h.pcm()[i + 1] << 8));
                energy += s * s;
            }
            samples += h.pcm().length / 2;
        }
        double wall = (window.get(window.size() - 1).nanos() - first) / 1e9;
        double audio = samples / 8000.0;
        double rms = Math.sqrt(energy / samples);
        System.out.printf("talk both ways: %.2f s of the camera's audio in %.2f s, %d messages, rms %.0f; the camera got %d packets%n",
                audio, wall, window.size(), rms, d.talk().packetsReceived() - packetsBefore);
        assertEquals(wall, audio, 0.15 * wall, "the camera's audio follows the wall clock");
        assertTrue(rms > 100, "the camera's audio is not silence: rms " + rms);
        assertTrue(d.talk().packetsReceived() - packetsBefore > 150, "our audio reached the camera meanwhile");

        assertEquals(204, mesh.send("DELETE", "/talks/" + talk.getString("talkId"), null).status());
        eventually("the live stream started for the talk is stopped with it", Duration.ofSeconds(10),
                () -> !streamListed(streamId));
        eventually("the camera stopped streaming", Duration.ofSeconds(10), () -> d.media().streaming() == 0);
    }

    @Test
    void aLiveStreamAlreadyRunningIsReusedAndLeftRunning() throws Exception {
        SimulatedDevice d = camera();
        d.talk().mode(TalkMode.UDP).outputDir(null);
        ControlMesh.Response live = mesh.send("POST", channelPath(d) + "/live", null);
        assertEquals(200, live.status(), live.body());
        String streamId = live.json().getString("streamId");

        ControlMesh.Response r = mesh.send("POST", channelPath(d) + "/broadcast", "{\"source\":\"websocket\",\"mode\":\"talk\"}");

        assertEquals(201, r.status(), r.body());
        assertEquals(streamId, r.json().getString("streamId"));
        assertFalse(r.json().getBoolean("streamStartedForTalk"));
        assertEquals(204, mesh.send("DELETE", "/talks/" + r.json().getString("talkId"), null).status());
        eventually("the talk ended", Duration.ofSeconds(5), () -> media.talks().activeTalks() == 0);
        assertTrue(streamListed(streamId), "the viewer's stream goes on");
    }

    @Test
    void aTalkBothWaysTakesItsAudioFromTheWebSocket() throws Exception {
        ControlMesh.Response r = mesh.send("POST", channelPath(camera()) + "/broadcast",
                "{\"source\":\"file\",\"file\":\"https://example.com/a.wav\",\"mode\":\"talk\"}");
        assertEquals(400, r.status(), r.body());
        assertEquals(400, mesh.send("POST", channelPath(camera()) + "/broadcast",
                "{\"source\":\"websocket\",\"mode\":\"radio\"}").status());
    }
}
