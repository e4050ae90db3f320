package io.gbmesh.launcher.bench;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.protocol.ps.PsPack;
import io.gbmesh.protocol.ps.PsPackReader;
import io.gbmesh.protocol.rtp.RtpPacketizer;
import io.gbmesh.runtime.MeshCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for one media node running in another JVM (bench/media-streams.sh starts it):
 * joins its cluster, opens N UDP streams on it, replays the real PS capture as RTP into each at
 * SPEED times real time (4× gives about 2 Mbit/s per stream, since the capture is ~490 kbit/s),
 * with one HTTP-FLV viewer per stream, for DURATION seconds; then prints the node's packet and loss
 * counts and the node process's CPU use, read from /proc.
 *
 * <p>args: streams durationSeconds speed nodePid clusterName clusterPort
 */
public final class StreamLoadBench {
    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[0]);
        int duration = Integer.parseInt(args[1]);
        double speed = Double.parseDouble(args[2]);
        long nodePid = Long.parseLong(args[3]);
        Vertx vertx = MeshCluster.start(new MeshCluster.Settings(args[4], "127.0.0.1", Integer.parseInt(args[5]) + 20,
                        List.of("127.0.0.1:" + args[5], "127.0.0.1:" + (Integer.parseInt(args[5]) + 1)), "tcp", null, "127.0.0.1"))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        MediaNodeLoad[] node = new MediaNodeLoad[1];
        vertx.eventBus().consumer(Addresses.MEDIA_LOAD, m -> node[0] = (MediaNodeLoad) m.body());
        while (node[0] == null) {
            Thread.sleep(100);
        }
        byte[] capture;
        try (InputStream in = StreamLoadBench.class.getResourceAsStream("/media/camera-704x576-h264.ps")) {
            capture = in.readAllBytes();
        }
        List<PsPack> packs = PsPackReader.readAll(capture);
        long firstClock = packs.get(0).clock();
        long lastClock = packs.get(packs.size() - 1).clock();
        AtomicLong sent = new AtomicLong();
        AtomicLong viewed = new AtomicLong();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(streams + 10));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String ssrc = String.format("02%08d", i + 1);
            String id = "bench_" + i;
            ids.add(id);
            StreamEndpoint ep = (StreamEndpoint) vertx.eventBus().request(Addresses.mediaNode(node[0].nodeId()),
                            new OpenStream(id, "34020000001320000001", "34020000001310000001", MediaTransport.UDP, ssrc,
                                    StreamKind.PLAY, false))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
            DatagramSocket socket = vertx.createDatagramSocket();
            RtpPacketizer packetizer = new RtpPacketizer(Long.parseLong(ssrc));
            long start = System.nanoTime() + (long) (i * 1e9 / streams); // spread the streams' phases
            int[] next = {0};
            long[] loop = {0};
            vertx.setPeriodic(10, t -> {
                long elapsed90k = (long) ((System.nanoTime() - start) * 90 / 1_000_000 * speed);
                while (elapsed90k >= 0) {
                    PsPack p = packs.get(next[0]);
                    long due = loop[0] + p.clock() - firstClock;
                    if (due > elapsed90k) {
                        break;
                    }
                    packetizer.packetize(p.source(), p.offset(), p.length(), due, pkt -> {
                        socket.send(Buffer.buffer(pkt), ep.port(), ep.host());
                        sent.incrementAndGet();
                    });
                    if (++next[0] == packs.size()) {
                        next[0] = 0;
                        loop[0] += lastClock - firstClock + 3600;
                    }
                }
            });
            String flv = node[0].httpBaseUrl() + "/live/" + id + ".flv";
            vertx.setTimer(1500, t -> http.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(flv))
                    .compose(req -> req.send()).onSuccess(resp -> resp.handler(b -> viewed.addAndGet(b.length()))));
        }
        Thread.sleep(3000); // streams settle, viewers join
        long cpu0 = cpuTicks(nodePid);
        long t0 = System.nanoTime();
        long sent0 = sent.get();
        Thread.sleep(duration * 1000L);
        long cpu1 = cpuTicks(nodePid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long sentDuring = sent.get() - sent0;
        JsonObject view = http.request(new io.vertx.core.http.RequestOptions().setMethod(HttpMethod.GET)
                        .setAbsoluteURI(node[0].httpBaseUrl() + "/api/streams"))
                .compose(req -> req.send().compose(r -> r.body())).map(Buffer::toJsonObject)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        long packets = 0;
        long lost = 0;
        long viewers = 0;
        JsonArray list = view.getJsonArray("streams");
        for (int i = 0; i < list.size(); i++) {
            JsonObject st = list.getJsonObject(i).getJsonObject("stats");
            packets += st.getLong("packets");
            lost += st.getLong("lost");
            viewers += st.getLong("viewers");
        }
        double cpuSeconds = (cpu1 - cpu0) / 100.0; // USER_HZ
        double lossPct = packets + lost == 0 ? 0 : 100.0 * lost / (packets + lost);
        double mbitPerStream = sentDuring * 1400 * 8 / seconds / streams / 1e6;
        System.out.printf("streams=%d viewers=%d rate=%.2f Mbit/s per stream (approx.), node CPU=%.0f%% of one core "
                        + "(%.2f%% per stream), packets received=%d lost=%d loss=%.3f%% viewer bytes=%d%n",
                streams, viewers, mbitPerStream, 100 * cpuSeconds / seconds, 100 * cpuSeconds / seconds / streams, packets, lost,
                lossPct, viewed.get());
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static long cpuTicks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
}
