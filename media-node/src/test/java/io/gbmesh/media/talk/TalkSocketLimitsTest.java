package io.gbmesh.media.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.TalkConnect;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.contracts.TalkPrepared;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.protocol.media.G711;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.testing.Await;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a talk's WebSocket may not do: hand FFmpeg something other than WebM or Ogg (a manifest that
 * names URLs), attach a second socket to a talk, or make the node hold more than a bounded number of
 * bytes for a client that sends faster than the talk plays.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TalkSocketLimitsTest {
    private NodeHarness h;
    /** Kept for the whole test: a client no longer referenced is cleaned up, closing its sockets. */
    private io.vertx.core.http.WebSocketClient client;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private io.vertx.core.http.WebSocketClient client() {
        if (client == null) {
            client = h.vertx.createWebSocketClient();
        }
        return client;
    }

    private void open(String talkId, int devicePort) throws Exception {
        String address = Addresses.mediaNodeTalk(h.node.nodeId());
        Object prepared = Await.await(h.vertx.eventBus().request(address,
                new TalkOpen(talkId, "34020000001320000001", "34020000001310000001", "websocket", null)), 15_000).body();
        assertTrue(prepared instanceof TalkPrepared, String.valueOf(prepared));
        Await.await(h.vertx.eventBus().request(address, new TalkConnect(talkId, MediaTransport.UDP,
                "127.0.0.1", devicePort, "0100000009", 8, true)), 15_000);
    }

    private WebSocket socket(String talkId, String query) throws Exception {
        WebSocket ws = Await.await(client().connect(h.node.httpPort(), "127.0.0.1",
                "/api/v1/talks/" + talkId + "/audio?token=" + h.tokens.issue(MediaUrlToken.TALK, talkId,
                        System.currentTimeMillis()) + query), 15_000);
        Await.eventuallyHolds("the socket attached to " + talkId, Duration.ofSeconds(5),
                () -> Await.await(h.vertx.executeBlocking(
                () -> h.node.talks().sessions().stream().anyMatch(t -> t.talkId.equals(talkId) && t.socket != null)), 15_000));
        return ws;
    }

    private TalkService.SocketCounters counters() throws Exception {
        return Await.await(h.vertx.<TalkService.SocketCounters>executeBlocking(() -> h.node.talks().socketCounters()), 15_000);
    }

    @Test
    void opusThatIsNotWebmOrOggIsRefusedAndNoUrlInItIsFetched() throws Exception {
        h = NodeHarness.start();
        AtomicInteger fetched = new AtomicInteger();
        HttpServer listener = Await.await(h.vertx.createHttpServer()
                .connectionHandler(c -> fetched.incrementAndGet())
                .requestHandler(r -> r.response().end())
                .listen(0, "127.0.0.1"), 15_000);
        String url = "http://127.0.0.1:" + listener.actualPort() + "/media";
        String[] payloads = {
            "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\" mediaPresentationDuration=\"PT10S\">"
                    + "<Period><AdaptationSet mimeType=\"audio/mp4\"><Representation id=\"a\" bandwidth=\"64000\">"
                    + "<BaseURL>" + url + "/a.mp4</BaseURL></Representation></AdaptationSet></Period></MPD>\n",
            "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + url + "/a.ts\n#EXT-X-ENDLIST\n",
            "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 96\r\n"
                    + "a=rtpmap:96 opus/48000/2\r\n",
            "ffconcat version 1.0\nfile " + url + "/a.ogg\n",
        };
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < payloads.length; i++) {
                String talkId = "refused-" + i;
                open(talkId, device.getLocalPort());
                WebSocket ws = socket(talkId, "&codec=opus");
                java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
                ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
                ws.writeBinaryMessage(Buffer.buffer(payloads[i]));
                assertEquals((short) 1003, closed.get(10, TimeUnit.SECONDS), "refused: " + payloads[i]);
                assertTrue(ws.closeReason().contains("WebM or Ogg"), ws.closeReason());
            }
            Await.eventuallyHolds("the refused talks ended", Duration.ofSeconds(10), () -> h.node.talks().activeTalks() == 0);
        }
        assertEquals(payloads.length, counters().refusedAudio());
        assertEquals(0, fetched.get(), "nothing reached the listener the texts name");
    }

    @Test
    void aSecondSocketOnATalkIsRefusedAndTheFirstGoesOn() throws Exception {
        h = NodeHarness.start();
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(5000);
            open("one-speaker", device.getLocalPort());
            WebSocket first = socket("one-speaker", "");
            WebSocket second = Await.await(client().connect(h.node.httpPort(), "127.0.0.1",
                    "/api/v1/talks/one-speaker/audio?token=" + h.tokens.issue(MediaUrlToken.TALK, "one-speaker",
                            System.currentTimeMillis())), 15_000);
            // the node may close it before a close handler could be set here: poll for the close instead
            Await.eventuallyHolds("the second socket closed by the node", Duration.ofSeconds(10), second::isClosed);
            assertEquals((short) TalkService.CLOSE_SECOND_SOCKET, second.closeStatusCode());
            Await.eventuallyHolds("the second socket counted", Duration.ofSeconds(5), () -> counters().second() == 1);
            String metrics = h.metrics();
            assertTrue(metrics.contains("gbmesh_media_talk_sockets_second_total 1"), metrics);
            assertTrue(metrics.contains("gbmesh_media_talks_active 1"), metrics);
            assertEquals(1, h.node.talks().activeTalks(), "the second socket's close does not end the talk");

            // the first still speaks
            byte[] pcm = new byte[320 * 50];
            for (int i = 0; i < pcm.length / 2; i++) {
                short s = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / 8000.0));
                pcm[2 * i] = (byte) s;
                pcm[2 * i + 1] = (byte) (s >> 8);
            }
            Await.await(first.writeBinaryMessage(Buffer.buffer(pcm)), 15_000);
            assertTrue(loudPackets(device, 20, 5000) >= 20, "the first socket's tone reaches the device");
        }
    }

    @Test
    void aClientSendingFarFasterThanRealTimeIsHeldToTheByteBound(@TempDir Path dir) throws Exception {
        h = NodeHarness.start();
        Path webm = dir.resolve("long.webm");
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "sine=frequency=440:duration=300:sample_rate=48000", "-af", "volume=4", "-c:a", "libopus", "-b:a", "96k",
                webm.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg made the WebM");
        byte[] bytes = Files.readAllBytes(webm);
        assertTrue(bytes.length > 3 * SocketAudio.MAX_QUEUED_BYTES, "far more than the bound: " + bytes.length);
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(5000);
            open("fast", device.getLocalPort());
            WebSocket ws = socket("fast", "&codec=opus");
            java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            int slice = 32 * 1024;
            for (int from = 0; from < bytes.length; from += slice) {
                ws.writeBinaryMessage(Buffer.buffer(java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + slice))));
            }
            Await.eventuallyHolds("the socket paused", Duration.ofSeconds(20), () -> counters().pauses() >= 1);
            assertTrue(loudPackets(device, 50, 10_000) >= 50, "the tone plays meanwhile");
            long max = Await.await(h.vertx.executeBlocking(() -> h.node.talks().maxQueuedAudioBytes()), 15_000);
            System.out.println("fast client: " + bytes.length + " bytes sent, at most " + max + " waited for FFmpeg, "
                    + counters());
            assertTrue(max <= SocketAudio.MAX_QUEUED_BYTES, "held: " + max);
            assertEquals(0, counters().overSent(), "paused, not cut off");
            assertTrue(!closed.isDone(), "the socket is still open");
            assertEquals(1, h.node.talks().activeTalks());
        }
    }

    @Test
    void aMessageOverTheNodesLimitClosesTheSocket() throws Exception {
        h = NodeHarness.start();
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            open("big", device.getLocalPort());
            WebSocket ws = socket("big", "");
            java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
            ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
            ws.writeBinaryMessage(Buffer.buffer(new byte[TalkService.MAX_SOCKET_MESSAGE * 2]));
            assertEquals((short) 1009, closed.get(10, TimeUnit.SECONDS));
            assertEquals(1, counters().overSent());
        }
    }

    private static int loudPackets(DatagramSocket device, int wanted, long millis) throws Exception {
        int loud = 0;
        long deadline = System.currentTimeMillis() + millis;
        while (loud < wanted && System.currentTimeMillis() < deadline) {
            DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
            device.receive(in);
            int peak = 0;
            for (byte b : RtpPacket.parse(java.util.Arrays.copyOf(in.getData(), in.getLength())).payloadBytes()) {
                peak = Math.max(peak, Math.abs(G711.alawToLinear(b)));
            }
            if (peak > 1000) {
                loud++;
            }
        }
        return loud;
    }
}
