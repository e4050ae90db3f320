package io.gbmesh.media.bench;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.media.audio.AacTranscoding;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.FlvClient;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * CPU of live H.265 + G.711 streams on a media node with their FLV viewers asking for AAC (the
 * transcoder on) or not (off).
 *
 * <pre>
 * TranscodeBench node &lt;capture.ps&gt; &lt;streams&gt; &lt;warmup s&gt; &lt;window s&gt; on|off
 *   a node in this JVM; each stream gets the capture over UDP in real time and one HTTP-FLV viewer
 *   ({@code &audio=aac} when on); after the warm-up, the JVM's CPU time over the window: one line
 *   "mode=.. streams=.. cpu_cores=.. cpu_per_stream_pct=.. aac_frames=.. viewer_bytes=..".
 * TranscodeBench encoder &lt;capture.ps&gt; &lt;rounds&gt;
 *   the G.711 frames of the capture through {@link AacTranscoding} alone, as fast as it goes: the
 *   thread's CPU per second of audio, median of the rounds.
 * </pre>
 */
public final class TranscodeBench {

    private TranscodeBench() {
    }

    public static void main(String[] args) throws Exception {
        Capture capture = Capture.of(Path.of(args[1]));
        if (args[0].equals("encoder")) {
            encoder(capture, Integer.parseInt(args[2]));
        } else {
            node(capture, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    args[5].equals("on"));
        }
        System.exit(0);
    }

    private static void encoder(Capture capture, int rounds) {
        List<MediaFrame> audio = capture.demuxed(1e9).stream().filter(f -> f.codec() == Codec.G711A
                || f.codec() == Codec.G711U).toList();
        long samples = audio.stream().mapToLong(f -> f.data().length).sum();
        double seconds = samples / 8000.0;
        var threads = ManagementFactory.getThreadMXBean();
        List<Double> perSecond = new ArrayList<>();
        for (int r = 0; r < rounds + 3; r++) {
            long[] out = new long[1];
            AacTranscoding t = new AacTranscoding(f -> out[0]++);
            long cpu0 = threads.getCurrentThreadCpuTime();
            audio.forEach(t::frame);
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            t.close();
            if (r >= 3) { // the first rounds load FFmpeg and warm the JIT
                perSecond.add(cpu / 1e6 / seconds);
            }
            if (out[0] == 0) {
                throw new IllegalStateException("no AAC came out");
            }
        }
        perSecond.sort(null);
        System.out.printf("encoder audio_seconds=%.1f rounds=%d cpu_ms_per_audio_second_median=%.3f min=%.3f max=%.3f%n",
                seconds, rounds, perSecond.get(perSecond.size() / 2), perSecond.get(0),
                perSecond.get(perSecond.size() - 1));
    }

    private static void node(Capture capture, int streams, int warmup, int window, boolean on) throws Exception {
        try (NodeHarness h = NodeHarness.start(NodeHarness.randomRange(streams + 20))) {
            List<StreamEndpoint> endpoints = new ArrayList<>();
            List<CompletableFuture<byte[]>> viewers = new ArrayList<>();
            // the viewers outlast the window by more than the set-up can take, so that none has left before the report
            long readMillis = (warmup + window + 12) * 1000L;
            for (int i = 0; i < streams; i++) {
                String id = "bench-" + i;
                endpoints.add(h.open(id, MediaTransport.UDP, ssrc(i), false));
                String url = h.viewerUrl(id, "flv") + (on ? "&audio=aac" : "");
                viewers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return FlvClient.read(url, readMillis);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }, r -> new Thread(r).start()));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (attached(h) < streams && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<CompletableFuture<Void>> devices = new ArrayList<>();
            double seconds = warmup + window + 14;
            for (int i = 0; i < streams; i++) {
                StreamEndpoint ep = endpoints.get(i);
                devices.add(DeviceReplay.udp(ep.host(), ep.port(), capture.packets(Long.parseLong(ssrc(i)), seconds, 1000), 1));
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            Thread.sleep(warmup * 1000L);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L);
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            long aac = 0;
            for (Object o : h.streams().getJsonArray("streams")) {
                JsonObject s = (JsonObject) o;
                JsonObject t = s.getJsonObject("aacTranscoding");
                aac += t == null ? 0 : t.getLong("aacFramesOut");
                System.out.println("stream=" + s.getString("streamId") + " sinks=" + s.getJsonArray("sinks").encode()
                        + " viewers=" + s.getJsonObject("viewersByProtocol").encode() + " dropped="
                        + s.getLong("droppedViewers") + " transcoding=" + t);
            }
            long bytes = 0;
            for (CompletableFuture<byte[]> v : viewers) {
                bytes += v.get(readMillis + 20_000, TimeUnit.MILLISECONDS).length;
            }
            double cores = (double) cpu / wall;
            System.out.printf("mode=%s streams=%d cpu_cores=%.4f cpu_per_stream_pct=%.3f aac_frames=%d viewer_bytes=%d%n",
                    on ? "on" : "off", streams, cores, cores * 100 / streams, aac, bytes);
            devices.forEach(d -> d.cancel(true));
        }
    }

    private static String ssrc(int i) {
        return String.format("01%08d", 100 + i);
    }

    private static int attached(NodeHarness h) throws java.io.IOException {
        int n = 0;
        for (Object o : h.streams().getJsonArray("streams")) {
            if (!((JsonObject) o).getJsonArray("sinks").isEmpty()) {
                n++;
            }
        }
        return n;
    }
}
