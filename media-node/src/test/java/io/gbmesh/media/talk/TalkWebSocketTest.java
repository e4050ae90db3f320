package io.gbmesh.media.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkConnect;
import io.gbmesh.contracts.TalkMediaPort;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.contracts.TalkPrepared;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.protocol.media.G711;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A talk fed by the browser: PCM on the talk's WebSocket reaches the device as G.711 A-law RTP, one
 * packet of 160 samples every 20 ms with the offered SSRC, silence while nothing is sent; the
 * WebSocket needs the talk's own token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TalkWebSocketTest {
    private NodeHarness h;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private TalkMediaPort connect(String talkId, int devicePort) throws Exception {
        String address = Addresses.mediaNodeTalk(h.node.nodeId());
        Object prepared = Await.await(h.vertx.eventBus().request(address,
                new TalkOpen(talkId, "34020000001320000001", "34020000001310000001", "websocket", null)), 15_000).body();
        assertTrue(prepared instanceof TalkPrepared, String.valueOf(prepared));
        return (TalkMediaPort) Await.await(h.vertx.eventBus().request(address, new TalkConnect(talkId, MediaTransport.UDP,
                "127.0.0.1", devicePort, "0100000009", 8, true)), 15_000).body();
    }

    private static RtpPacket receive(DatagramSocket socket) throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        socket.receive(in);
        return RtpPacket.parse(java.util.Arrays.copyOf(in.getData(), in.getLength()));
    }

    @Test
    void pcmOnTheWebSocketReachesTheDeviceAsPacedG711() throws Exception {
        h = NodeHarness.start();
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(5000);
            TalkMediaPort port = connect("ws-talk", device.getLocalPort());
            assertTrue(port.port() >= h.config.rtpPortMin() && port.port() <= h.config.rtpPortMax(), "a port of the range");

            // silence flows before the browser speaks, paced at 20 ms
            RtpPacket first = receive(device);
            assertEquals(8, first.payloadType());
            assertEquals(100000009L, first.ssrc());
            assertEquals(160, first.payloadBytes().length);
            long t0 = System.nanoTime();
            RtpPacket previous = first;
            for (int i = 0; i < 50; i++) {
                RtpPacket p = receive(device);
                assertEquals((previous.sequenceNumber() + 1) & 0xFFFF, p.sequenceNumber());
                assertEquals((previous.timestamp() + 160) & 0xFFFFFFFFL, p.timestamp());
                previous = p;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(1.0, seconds, 0.3, "50 packets take about a second");

            // one second of a 400 Hz tone at amplitude 8000, sent in 20 ms chunks
            WebSocket ws = Await.await(h.vertx.createWebSocketClient().connect(h.node.httpPort(), "127.0.0.1",
                    "/api/v1/talks/ws-talk/audio?token=" + h.tokens.issue(MediaUrlToken.TALK, "ws-talk", System.currentTimeMillis())),
                    15_000);
            for (int chunk = 0; chunk < 50; chunk++) {
                byte[] pcm = new byte[320];
                for (int i = 0; i < 160; i++) {
                    short s = (short) (8000 * Math.sin(2 * Math.PI * 400 * (chunk * 160 + i) / 8000.0));
                    pcm[2 * i] = (byte) s;
                    pcm[2 * i + 1] = (byte) (s >> 8);
                }
                Await.await(ws.writeBinaryMessage(Buffer.buffer(pcm)), 15_000);
            }
            List<Integer> peaks = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5000;
            while (peaks.size() < 40 && System.currentTimeMillis() < deadline) {
                int peak = 0;
                for (byte b : receive(device).payloadBytes()) {
                    peak = Math.max(peak, Math.abs(G711.alawToLinear(b)));
                }
                if (peak > 1000) {
                    peaks.add(peak);
                }
            }
            assertTrue(peaks.size() >= 40, "the tone arrived: " + peaks);
            assertTrue(peaks.stream().allMatch(p -> Math.abs(p - 8000) < 600), "at its amplitude: " + peaks);
            Await.await(h.vertx.eventBus().request(Addresses.mediaNodeTalk(h.node.nodeId()), new TalkClose("ws-talk", "done")), 15_000);
            assertEquals(0, h.node.talks().activeTalks());
        }
    }

    @Test
    void theAudioWebSocketNeedsTheTalksToken() throws Exception {
        h = NodeHarness.start();
        String url = "http://127.0.0.1:" + h.node.httpPort() + "/api/v1/talks/ws-talk/audio";
        long now = System.currentTimeMillis();
        assertEquals(401, Http.status(url), "no token");
        assertEquals(401, Http.status(url + "?token=" + h.tokens.issue(MediaUrlToken.LIVE, "ws-talk", now)), "a viewer token");
        assertEquals(401, Http.status(url + "?token=" + h.tokens.issue(MediaUrlToken.TALK, "another-talk", now)),
                "another talk's token");
    }

    @Test
    void pushedAudioCutsChunksOfAnyLengthIntoFrames() {
        PushedAudio audio = new PushedAudio();
        byte[] pcm = new byte[321 * 2];
        for (int i = 0; i < 321; i++) {
            pcm[2 * i] = (byte) i;
            pcm[2 * i + 1] = (byte) (i >> 8);
        }
        // an odd split in the middle of a sample
        audio.push(java.util.Arrays.copyOfRange(pcm, 0, 101));
        audio.push(java.util.Arrays.copyOfRange(pcm, 101, pcm.length));
        short[] frame = new short[160];
        assertTrue(audio.next(frame));
        assertEquals(50, frame[50]);
        assertTrue(audio.next(frame));
        assertEquals(160 + 159, frame[159]);
        assertTrue(!audio.next(frame), "the 321st sample waits for more");
        audio.finish();
        assertTrue(audio.ended());
    }

    @Test
    void localFilesOnlyUnderTheTalkDirectory() {
        TalkConfig none = TalkConfig.fromEnv(new io.gbmesh.runtime.Env(java.util.Map.of()));
        TalkConfig dir = none.withFileDir(java.nio.file.Path.of("/srv/audio"));
        assertEquals(null, none.refusal("https://example.com/notice.mp3"));
        assertTrue(none.refusal("/srv/audio/a.wav").contains("GB_TALK_FILE_DIR"));
        assertEquals(null, dir.refusal("/srv/audio/a.wav"));
        assertEquals(null, dir.refusal("file:/srv/audio/a.wav"));
        assertTrue(dir.refusal("/srv/audio/../../etc/passwd") != null, "no way out of the directory");
        assertTrue(dir.refusal("concat:/srv/audio/a.wav|/etc/passwd") != null, "no FFmpeg protocols");
        assertTrue(dir.refusal("ftp://example.com/a.wav") != null);
    }
}
