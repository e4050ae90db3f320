package io.gbmesh.launcher.bench;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkConnect;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.media.talk.TalkConfig;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Talks at scale (bench/talk.sh): one media node in this JVM sends N talks at once, each a file
 * (a 440 Hz tone FFmpeg decodes) as G.711 RTP over UDP to its own receiver on loopback, the way the
 * gateway asks ({@link TalkOpen}, then {@link TalkConnect}). One receiver thread stamps every packet
 * on arrival ({@code System.nanoTime()}); after a warm-up, over the measured window it reports the
 * inter-packet gaps of every talk pooled (percentiles, ms; the pacing is 20 ms), packets lost
 * (sequence gaps), the CPU of the media node's event-loop threads and of the whole JVM (including the
 * receiver), and of the FFmpeg processes decoding the files, each as a share of one core.
 *
 * <p>args: talks seconds warmupSeconds file
 */
public final class TalkLoadBench {

    public static void main(String[] args) throws Exception {
        int talks = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        Path file = Path.of(args[3]).toAbsolutePath();
        Vertx vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
        // below the ephemeral range; the node's port pool skips a port that is taken
        int rtp = 21_000 + (int) (ProcessHandle.current().pid() % 400) * 25;
        MediaNodeVerticle media = new MediaNodeVerticle(MediaConfig.loopback("media-bench", rtp, rtp + talks * 2 + 20),
                new MediaUrlToken("talk-bench-media-url-secret", 300))
                .withTalks(TalkConfig.fromEnv(new Env(Map.of())).withFileDir(file.getParent()));
        await(vertx.deployVerticle(media));

        Selector selector = Selector.open();
        List<DatagramChannel> receivers = new ArrayList<>();
        for (int i = 0; i < talks; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, i);
            receivers.add(ch);
        }
        long[][] arrivals = new long[talks][(seconds + warmup + 10) * 60];
        int[][] sequences = new int[talks][arrivals[0].length];
        java.util.concurrent.atomic.AtomicIntegerArray counts = new java.util.concurrent.atomic.AtomicIntegerArray(talks);
        Thread receiver = new Thread(() -> receive(selector, arrivals, sequences, counts), "talk-bench-receiver");
        receiver.setDaemon(true);
        receiver.start();

        String address = Addresses.mediaNodeTalk("media-bench");
        List<Future<?>> started = new ArrayList<>();
        for (int i = 0; i < talks; i++) {
            String talkId = "bench-" + i;
            int port = ((InetSocketAddress) receivers.get(i).getLocalAddress()).getPort();
            String ssrc = String.format("%010d", i + 1);
            started.add(vertx.eventBus().request(address, new TalkOpen(talkId, "34020000001320000001", "34020000001310000001",
                            "file", file.toString()))
                    .compose(v -> vertx.eventBus().request(address, new TalkConnect(talkId, MediaTransport.UDP, "127.0.0.1",
                            port, ssrc, 8, true))));
        }
        await(Future.all(started));

        Thread.sleep(warmup * 1000L);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long loopsBefore = loopCpu(threads);
        long jvmBefore = processCpu();
        long ffmpegBefore = childrenCpu();
        int[] countsBefore = snapshot(counts);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long wall = System.nanoTime() - t0;
        long loops = loopCpu(threads) - loopsBefore;
        long jvm = processCpu() - jvmBefore;
        long ffmpeg = childrenCpu() - ffmpegBefore;
        int[] countsAfter = snapshot(counts);

        List<Long> gaps = new ArrayList<>();
        long lost = 0;
        long received = 0;
        for (int t = 0; t < talks; t++) {
            for (int k = countsBefore[t] + 1; k < countsAfter[t]; k++) {
                gaps.add(arrivals[t][k] - arrivals[t][k - 1]);
                int step = (sequences[t][k] - sequences[t][k - 1]) & 0xFFFF;
                lost += step > 1 ? step - 1 : 0;
            }
            received += countsAfter[t] - countsBefore[t];
        }
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("talks=%d window=%.1fs packets=%d (expected %d) lost=%d%n", talks, wall / 1e9, received,
                (long) (talks * wall / 20e6), lost);
        System.out.printf("gap ms: p1=%.2f p50=%.2f p90=%.2f p99=%.2f p99.9=%.2f max=%.2f%n", pct(sorted, 0.01),
                pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), pct(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
        System.out.printf("cpu %% of one core: media node event loops=%.1f jvm (with receiver)=%.1f ffmpeg=%.1f%n",
                100.0 * loops / wall, 100.0 * jvm / wall, 100.0 * ffmpeg / wall);
        for (int i = 0; i < talks; i++) {
            vertx.eventBus().request(address, new TalkClose("bench-" + i, "bench-done"));
        }
        Thread.sleep(500);
        await(vertx.close());
        System.exit(0);
    }

    private static void receive(Selector selector, long[][] arrivals, int[][] sequences,
                                java.util.concurrent.atomic.AtomicIntegerArray counts) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        try {
            while (true) {
                selector.select();
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    int t = (Integer) key.attachment();
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    while (true) {
                        buf.clear();
                        if (ch.receive(buf) == null) {
                            break;
                        }
                        int n = counts.get(t);
                        if (n < arrivals[t].length && buf.position() >= 12) {
                            arrivals[t][n] = now;
                            sequences[t][n] = ((buf.get(2) & 0xFF) << 8) | (buf.get(3) & 0xFF);
                            counts.set(t, n + 1);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            // the JVM exits at the end of the run
        }
    }

    private static int[] snapshot(java.util.concurrent.atomic.AtomicIntegerArray counts) {
        int[] copy = new int[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static long loopCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("vert.x-eventloop")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU of this JVM's child processes still running (the FFmpeg decoders), ns. */
    private static long childrenCpu() {
        return ProcessHandle.current().children().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    private TalkLoadBench() {
    }
}
