package io.gbmesh.media.bench;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Distribution costs on a media node in this JVM, fed the real cameras' RTP at real time over loopback:
 *
 * <ul>
 *   <li>{@code snapshot [count]}: latency of {@code GET /api/streams/{id}/snapshot} on a running stream
 *       (704x576 H.264, and 320x240 H.265), {@code count} requests one after another 200 ms apart;
 *       median, 90th percentile and maximum, in ms;</li>
 *   <li>{@code watermark [pushes] [seconds]}: CPU of the push threads with a text watermark (decode,
 *       overlay, OpenH264 encode) and without, over {@code seconds} after 5 s of warm-up, each push to an
 *       ffmpeg RTMP receiver that discards what it gets; in % of one core per push.</li>
 * </ul>
 * Each run stops by itself.
 */
public final class DistributionBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DistributionBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "snapshot";
        if (mode.equals("snapshot")) {
            int count = args.length > 1 ? Integer.parseInt(args[1]) : 30;
            snapshot("h264-704x576", Capture.H264, count);
            snapshot("h265-320x240", Capture.H265, Math.min(count, 15));
        } else {
            int pushes = args.length > 1 ? Integer.parseInt(args[1]) : 2;
            int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
            watermark(pushes, seconds, false);
            watermark(pushes, seconds, true);
        }
        System.exit(0);
    }

    private static String open(NodeHarness h, String streamId, Capture capture, double seconds) throws Exception {
        String ssrc = "0100000099";
        StreamEndpoint ep = h.open(streamId, MediaTransport.UDP, ssrc, false);
        DeviceReplay.udp(ep.host(), ep.port(), capture.packets(Long.parseLong(ssrc), seconds, 1000), 1.0);
        NodeHarness.next(h.started, io.gbmesh.contracts.StreamStarted.class, 10_000);
        return streamId;
    }

    private static void snapshot(String name, Capture capture, int count) throws Exception {
        try (NodeHarness h = NodeHarness.start()) {
            String id = open(h, "snap-" + name, capture, 60);
            long[] millis = new long[count];
            int ok = 0;
            for (int i = 0; i < count; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(h.apiUrl("/api/streams/" + id + "/snapshot")))
                        .header("Authorization", "Bearer " + h.apiToken()).build(), HttpResponse.BodyHandlers.ofByteArray());
                millis[i] = (System.nanoTime() - t0) / 1_000_000;
                ok += r.statusCode() == 200 ? 1 : 0;
                Thread.sleep(200);
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "snapshot %-14s n=%d ok=%d median=%d ms p90=%d ms max=%d ms%n", name, count, ok,
                    millis[count / 2], millis[(int) (count * 0.9)], millis[count - 1]);
        }
    }

    private static void watermark(int pushes, int seconds, boolean marked) throws Exception {
        List<Process> receivers = new ArrayList<>();
        try (NodeHarness h = NodeHarness.start()) {
            String id = open(h, marked ? "wm" : "plain", Capture.H264, seconds + 15);
            for (int i = 0; i < pushes; i++) {
                String url = "rtmp://127.0.0.1:" + FreePorts.tcpAndUdp() + "/live/p" + i;
                receivers.add(new ProcessBuilder("ffmpeg", "-v", "error", "-listen", "1", "-timeout", "30", "-i", url,
                        "-f", "null", "-").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                Thread.sleep(300);
                JsonObject body = new JsonObject().put("url", url).put("pushId", "p" + i);
                if (marked) {
                    body.put("watermark", new JsonObject().put("text", "GBMESH {time}").put("fontSize", 32));
                }
                int status = HTTP.send(HttpRequest.newBuilder(URI.create(h.apiUrl("/api/streams/" + id + "/pushes")))
                        .header("Authorization", "Bearer " + h.apiToken())
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
                if (status != 201) {
                    throw new IllegalStateException("push refused: " + status);
                }
            }
            Thread.sleep(5000);
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long process0 = os.getProcessCpuTime();
            long cpu0 = pushCpuNanos();
            long frames0 = frames(h, id);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long cpu = pushCpuNanos() - cpu0;
            long process = os.getProcessCpuTime() - process0;
            long wall = System.nanoTime() - t0;
            long frames = frames(h, id) - frames0;
            System.out.printf(Locale.ROOT, "push %-9s pushes=%d window=%d s frames pushed=%d (%.1f/s per push) push threads cpu=%.1f %% of a core per push, whole JVM %.1f %% of a core%n",
                    marked ? "watermark" : "plain", pushes, seconds, frames, frames * 1e9 / wall / pushes,
                    100.0 * cpu / wall / pushes, 100.0 * process / wall);
        } finally {
            receivers.forEach(Process::destroyForcibly);
        }
    }

    private static long frames(NodeHarness h, String id) throws Exception {
        long n = 0;
        for (Object o : h.streams().getJsonArray("streams").getJsonObject(0).getJsonArray("pushes")) {
            n += ((JsonObject) o).getLong("framesPushed");
        }
        return n;
    }

    /** CPU time of the push threads of this JVM. */
    private static long pushCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("push-")) {
                long c = mx.getThreadCpuTime(t.getId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }
}
