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
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.runtime.MeshCluster;
import io.vertx.core.Vertx;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Set-up side of the media node benchmark (bench/media-streams.sh): joins the node's cluster, opens
 * N UDP streams on it the way the platform does ({@link OpenStream} on the node's address), and
 * writes two files for the replay program (bench/rtp-replay.c), then leaves:
 *
 * <ul>
 * <li>{@code packets.bin}: one loop of the real camera capture cut into RTP packets, each with its
 * send time as a 90 kHz offset from the first: little-endian {@code u32 count, u32 loop90k}, then per
 * packet {@code u32 due90k, u16 length, bytes}. The replay rewrites SSRC, sequence number and
 * timestamp per stream and per loop.</li>
 * <li>{@code streams.txt}: {@code httpHost httpPort}, then one line per stream
 * {@code rtpPort ssrc streamId token}, the token of the stream's viewer URL; and {@code api-token.txt},
 * a bearer token for the node's {@code /api/streams}.</li>
 * </ul>
 *
 * <p>args: streams outDir clusterName clusterPort
 */
public final class StreamLoadBench {

    /** Silence between two loops of the capture, 90 kHz (one frame at 25 fps). */
    static final long LOOP_GAP_90K = 3600;

    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        int clusterPort = Integer.parseInt(args[3]);
        Vertx vertx = MeshCluster.start(new MeshCluster.Settings(args[2], "127.0.0.1", clusterPort + 20,
                        List.of("127.0.0.1:" + clusterPort, "127.0.0.1:" + (clusterPort + 1)), "tcp", null, "127.0.0.1"))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        MediaNodeLoad[] node = new MediaNodeLoad[1];
        vertx.eventBus().consumer(Addresses.MEDIA_LOAD, m -> node[0] = (MediaNodeLoad) m.body());
        while (node[0] == null) {
            Thread.sleep(100);
        }
        writePackets(out.resolve("packets.bin"));
        URI base = URI.create(node[0].httpBaseUrl());
        // The node's cluster secret, from the same environment: the viewers' and the API's tokens.
        MediaUrlToken urls = MediaUrlToken.fromEnv(Env.system());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("streams.txt")))) {
            w.println(base.getHost() + " " + base.getPort());
            for (int i = 0; i < streams; i++) {
                String ssrc = String.format("02%08d", i + 1);
                String id = "bench_" + i;
                StreamEndpoint ep = (StreamEndpoint) vertx.eventBus().request(Addresses.mediaNode(node[0].nodeId()),
                                new OpenStream(id, "34020000001320000001", "34020000001310000001", MediaTransport.UDP,
                                        ssrc, StreamKind.PLAY, false))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
                w.println(ep.port() + " " + Long.parseLong(ssrc) + " " + id + " "
                        + urls.issue(MediaUrlToken.LIVE, id, System.currentTimeMillis()));
            }
        }
        Files.writeString(out.resolve("api-token.txt"), urls.issue(MediaUrlToken.NODE_API, node[0].nodeId(),
                System.currentTimeMillis()));
        System.out.println("opened " + streams + " streams on " + node[0].nodeId() + " (" + base + ")");
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(0);
    }

    /** One loop of the capture as RTP packets with their due times (the packs' SCR, 90 kHz). */
    static void writePackets(Path file) throws Exception {
        byte[] capture;
        try (InputStream in = StreamLoadBench.class.getResourceAsStream("/media/camera-704x576-h264.ps")) {
            capture = in.readAllBytes();
        }
        List<PsPack> packs = PsPackReader.readAll(capture);
        long first = packs.get(0).clock();
        long last = packs.get(packs.size() - 1).clock();
        RtpPacketizer packetizer = new RtpPacketizer(0);
        List<byte[]> packets = new ArrayList<>();
        List<Long> due = new ArrayList<>();
        for (PsPack p : packs) {
            long at = p.clock() - first;
            packetizer.packetize(p.source(), p.offset(), p.length(), at, pkt -> {
                packets.add(pkt);
                due.add(at);
            });
        }
        long bytes = packets.stream().mapToLong(b -> b.length).sum();
        double seconds = (last - first) / 90000.0;
        System.out.printf("capture: %d packs, %d RTP packets, %.1f s, %.0f kbit/s at real time%n",
                packs.size(), packets.size(), seconds, bytes * 8 / seconds / 1000);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file));
             DataOutputStream d = new DataOutputStream(os)) {
            writeLe32(d, packets.size());
            writeLe32(d, last - first + LOOP_GAP_90K);
            for (int i = 0; i < packets.size(); i++) {
                byte[] pkt = packets.get(i);
                writeLe32(d, due.get(i));
                d.write(pkt.length & 0xFF);
                d.write(pkt.length >>> 8);
                d.write(pkt);
            }
        }
    }

    private static void writeLe32(DataOutputStream d, long v) throws Exception {
        d.write((int) v & 0xFF);
        d.write((int) (v >>> 8) & 0xFF);
        d.write((int) (v >>> 16) & 0xFF);
        d.write((int) (v >>> 24) & 0xFF);
    }
}
