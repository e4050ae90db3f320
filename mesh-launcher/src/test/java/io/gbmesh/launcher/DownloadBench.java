package io.gbmesh.launcher;

import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Downloads at a speed (bench/download.sh): a simulated camera's recording downloaded over UDP into
 * MP4 files on one media node, all in this JVM. First one download at a time, {@code runs} times:
 * its speed achieved (media seconds written over the wall time from the request to {@code done}).
 * Then {@code concurrent} downloads at once, {@code runs} times: each one's speed achieved (median and
 * min), how many ended {@code done}, and the JVM's CPU (process CPU time over wall time, in cores;
 * the JVM holds the camera's sending too).
 *
 * <p>args: concurrent (20), speed (8), range seconds (32), runs (3)
 */
public final class DownloadBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DownloadBench() {
    }

    public static void main(String[] args) throws Exception {
        int concurrent = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int speed = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Files.createTempDirectory("gbmesh-download-bench");
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (RecordingMesh mesh = new RecordingMesh(SipTransport.UDP, 43, dir, concurrent + 4)) {
            String api = "http://127.0.0.1:" + mesh.apiPort + "/api/v1";
            LocalDateTime now = LocalDateTime.now().withNano(0);
            String records = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/devices/" + mesh.deviceId + "/channels/"
                    + mesh.channelId + "/records?start=" + now.minusHours(3).format(DownloadTest.SECONDS) + "&end="
                    + now.minusMinutes(30).format(DownloadTest.SECONDS))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long base = new JsonObject(records).getJsonArray("items").getJsonObject(0).getLong("startEpoch");
            String path = api + "/devices/" + mesh.deviceId + "/channels/" + mesh.channelId + "/downloads";
            int offset = 0;
            for (int run = 1; run <= runs; run++) {
                JsonObject d = download(api, path, base + (offset += seconds + 5), seconds, speed);
                System.out.printf(Locale.ROOT, "single run %d: %s, %.2f s of media in %.2f s wall, speed achieved %.2f%n", run,
                        d.getString("state"), d.getDouble("mediaSeconds"), d.getDouble("wall"), d.getDouble("mediaSeconds") / d.getDouble("wall"));
            }
            ExecutorService pool = Executors.newFixedThreadPool(concurrent);
            List<Double> pooled = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<Future<JsonObject>> all = new ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    long start = base + (offset += seconds + 5);
                    all.add(pool.submit(() -> download(api, path, start, seconds, speed)));
                }
                List<Double> speeds = new ArrayList<>();
                int done = 0;
                int failures = 0;
                for (Future<JsonObject> f : all) {
                    try {
                        JsonObject d = f.get();
                        if ("done".equals(d.getString("state"))) {
                            done++;
                        }
                        speeds.add(d.getDouble("mediaSeconds") / d.getDouble("wall"));
                    } catch (Exception e) {
                        failures++;
                        System.out.println("failed: " + e.getMessage());
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cores = (os.getProcessCpuTime() - cpu0) / 1e9 / wall;
                Collections.sort(speeds);
                pooled.addAll(speeds);
                System.out.printf(Locale.ROOT, "concurrent run %d: %d downloads, %d done, %d failed requests, speed achieved median %.2f min %.2f,"
                                + " %.1f s wall, JVM CPU %.2f cores, load %s%n", run, concurrent, done, failures,
                        speeds.isEmpty() ? 0 : speeds.get(speeds.size() / 2), speeds.isEmpty() ? 0 : speeds.get(0), wall, cores,
                        String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split(" "), 3)));
            }
            Collections.sort(pooled);
            System.out.printf(Locale.ROOT, "pooled concurrent: %d downloads, speed achieved median %.2f min %.2f%n", pooled.size(),
                    pooled.isEmpty() ? 0 : pooled.get(pooled.size() / 2), pooled.isEmpty() ? 0 : pooled.get(0));
            pool.shutdownNow();
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** One download to its end: its last state, with {@code wall} the seconds from the request to the end. */
    private static JsonObject download(String api, String path, long start, int seconds, int speed) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(path)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("start", start)
                        .put("end", start + seconds).put("speed", speed).encode())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + start + ".." + (start + seconds) + " answered " + r.statusCode() + ": " + r.body());
        }
        String id = new JsonObject(r.body()).getString("downloadId");
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds * 2L + 30).toNanos();
        while (true) {
            JsonObject d = new JsonObject(HTTP.send(HttpRequest.newBuilder(URI.create(api + "/downloads/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (!"running".equals(d.getString("state")) || System.nanoTime() > deadline) {
                return d.put("wall", (System.nanoTime() - t0) / 1e9);
            }
            Thread.sleep(50);
        }
    }
}
