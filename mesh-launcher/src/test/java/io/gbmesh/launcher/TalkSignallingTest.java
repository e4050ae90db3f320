package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.BroadcastAnswer;
import io.gbmesh.contracts.BroadcastRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkEnded;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.media.talk.TalkConfig;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.simulator.talk.TalkMode;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.AsyncMap;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Voice broadcast between the gateway, a media node and the simulated camera, driven over the event
 * bus the way the API drives it (reference 4.7, 6.12): the camera receives the Broadcast notification,
 * sends its INVITE for audio, and writes the G.711 the media node sends it from a file, over UDP, TCP
 * with the camera connecting and TCP with the media node connecting; ffprobe and ffmpeg read the
 * camera's WAV: its length and its level are the file's. The camera's BYE ends the talk
 * ({@link TalkEnded} {@code device-bye}); an INVITE for audio from another address is refused 403
 * and counted.
 */
class TalkSignallingTest {
    private static final Vertx VERTX = Vertx.vertx();
    private static GatewayVerticle gateway;
    private static MediaNodeVerticle media;
    private static DeviceSimulator cameras;
    private static Path dataDir;
    private static Path sine;
    private static double sineMeanDb;
    private static final BlockingQueue<TalkEnded> ENDED = new LinkedBlockingQueue<>();
    private static int talks;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("gbmesh-talk-signalling");
        int sipPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off", "GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-talk-signalling", "GB_QUERY_TIMEOUT_MS", "8000"))));
        await(VERTX.deployVerticle(gateway), 180_000);
        int rtp = io.gbmesh.testing.FreePorts.tcpAndUdp();
        media = new MediaNodeVerticle(MediaConfig.loopback("media-talk-signalling", rtp, rtp + 19), OneJvmMesh.MEDIA_URLS)
                .withTalks(TalkConfig.fromEnv(new Env(Map.of())).withFileDir(dataDir));
        await(VERTX.deployVerticle(media), 180_000);
        VERTX.eventBus().<Object>consumer(Addresses.TALK_ENDED, m -> ENDED.add((TalkEnded) m.body()));
        cameras = await(DeviceSimulator.start(VERTX, SimulatorConfig.of("127.0.0.1", sipPort).withChannels(2, 2, 0)
                .withCount(1, "3402000000132", 951)), 180_000);
        AsyncMap<String, String> channels = await(VERTX.sharedData().getAsyncMap(Addresses.CHANNELS_MAP), 180_000);
        eventually("the camera online with its catalog", Duration.ofSeconds(60), () -> {
            try {
                return await(channels.get(camera().deviceId()), 180_000) != null;
            } catch (Exception e) {
                return false;
            }
        });
        sine = dataDir.resolve("sine.wav");
        TalkBroadcastTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=3:sample_rate=44100", "-af", "volume=4", "-ac", "2", sine.toString());
        sineMeanDb = TalkBroadcastTest.meanVolume(sine);
    }

    @AfterAll
    static void stop() throws Exception {
        await(cameras.close(), 180_000);
        await(VERTX.close(), 180_000);
    }

    private static SimulatedDevice camera() {
        return cameras.device(0);
    }

    /** What the API does: the media node prepares the source, then the gateways broadcast. */
    private static BroadcastAnswer broadcast(String talkId, String source, String file) throws Exception {
        SimulatedDevice d = camera();
        await(VERTX.eventBus().request(Addresses.mediaNodeTalk(media.nodeId()),
                new TalkOpen(talkId, d.deviceId(), d.channelIds().get(0), source, file)), 180_000);
        return (BroadcastAnswer) await(VERTX.eventBus().request(Addresses.BROADCAST,
                new BroadcastRequest(talkId, d.deviceId(), d.channelIds().get(0), media.nodeId()),
                new DeliveryOptions().setSendTimeout(30_000)), 180_000).body();
    }

    private static TalkEnded ended(String talkId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            TalkEnded e = ENDED.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.talkId().equals(talkId)) {
                return e;
            }
        }
        throw new AssertionError("talk " + talkId + " did not end");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TalkMode.class)
    void theCameraReceivesTheFileAsG711(TalkMode mode) throws Exception {
        SimulatedDevice d = camera();
        Path out = Files.createDirectories(dataDir.resolve("received-" + mode));
        d.talk().mode(mode).outputDir(out);
        String talkId = "file-" + mode + "-" + (++talks);

        BroadcastAnswer answer = broadcast(talkId, "file", sine.toString());

        MediaTransport expected = switch (mode) {
            case UDP -> MediaTransport.UDP;
            case TCP_ACTIVE -> MediaTransport.TCP_PASSIVE;
            case TCP_PASSIVE -> MediaTransport.TCP_ACTIVE;
        };
        assertEquals(expected, answer.transport(), "the complement of the camera's a=setup");
        assertEquals("PCMA", answer.codec());
        assertEquals("source-ended", ended(talkId).reason(), "the end of the file ends the talk");
        int byes = d.talk().byesReceived();
        await(VERTX.eventBus().request(Addresses.gatewayNodeTalk(answer.gatewayNode()), new TalkClose(talkId, "done")), 180_000);
        eventually("our BYE closed the camera's file", Duration.ofSeconds(5),
                () -> d.talk().byesReceived() > byes && !d.talk().active());

        Path wav = d.talk().lastFile();
        assertTrue(wav.startsWith(out), "the camera wrote " + wav);
        String probe = TalkBroadcastTest.run("ffprobe", "-v", "error", "-show_entries",
                "stream=codec_name,sample_rate,channels:format=duration", "-of", "default=noprint_wrappers=1", wav.toString());
        assertTrue(probe.contains("codec_name=pcm_alaw"), probe);
        assertTrue(probe.contains("sample_rate=8000"), probe);
        Matcher duration = Pattern.compile("(?m)^duration=(.+)$").matcher(probe);
        assertTrue(duration.find(), probe);
        assertEquals(3.0, Double.parseDouble(duration.group(1).strip()), 0.25, "the 3 s of the file");
        assertEquals(sineMeanDb, TalkBroadcastTest.meanVolume(wav), 1.5, "at the level it was sent");
    }

    @Test
    void theCamerasByeEndsTheTalk() throws Exception {
        SimulatedDevice d = camera();
        d.talk().mode(TalkMode.UDP).outputDir(null);
        String talkId = "bye-" + (++talks);
        // counted since the camera started: the earlier talks' packets are not this one's
        long before = d.talk().packetsReceived();
        broadcast(talkId, "websocket", null);
        eventually("silence flows while no browser speaks", Duration.ofSeconds(10),
                () -> d.talk().packetsReceived() > before + 10);

        await(d.talk().hangUp(), 180_000);

        assertEquals("device-bye", ended(talkId).reason());
        assertEquals(1L, gateway.stats().get("talk.device-bye"));
        await(VERTX.eventBus().request(Addresses.mediaNodeTalk(media.nodeId()), new TalkClose(talkId, "device-bye")), 180_000);
        assertEquals(0, media.talks().activeTalks());
    }

    @Test
    void anInviteForAudioFromAnotherAddressIsRefused() throws Exception {
        SimulatedDevice d = camera();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int port = socket.getLocalPort();
            String sdp = "v=0\r\no=" + d.deviceId() + " 0 0 IN IP4 127.0.0.1\r\ns=Play\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + port + " RTP/AVP 8\r\na=recvonly\r\na=rtpmap:8 PCMA/8000\r\ny=0100000001\r\n";
            String invite = "INVITE sip:34020000002000000001@127.0.0.1:" + d.registrar().port() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";rport;branch=z9hG4bKforged" + System.nanoTime() + "\r\n"
                    + "From: <sip:" + d.deviceId() + "@3402000000>;tag=forged\r\n"
                    + "To: <sip:34020000002000000001@3402000000>\r\n"
                    + "Call-ID: forged-talk-" + System.nanoTime() + "\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                    + "Contact: <sip:" + d.deviceId() + "@127.0.0.1:" + port + ">\r\n"
                    + "Subject: 34020000002000000001:1," + d.channelIds().get(0) + ":2\r\n"
                    + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp;
            byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), d.registrar().port()));
            String status = "";
            long deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline && !status.startsWith("SIP/2.0 4")) {
                DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
                socket.receive(in);
                status = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
            }
            assertTrue(status.startsWith("SIP/2.0 403"), status);
        }
        assertTrue(gateway.stats().get("talk.invite.rejected.wrong-source") >= 1, "the refusal is counted");
    }
}
