package io.gbmesh.launcher.bench;

import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The driver of bench/alarm-ingest.sh: COUNT cameras ({@link LeanCameras}) register to a running mesh,
 * then every camera raises one alarm, the alarms spread evenly over one second, after a warm-up round in
 * which every camera raised one. Measured from the first alarm sent (printed as {@code t0_epoch_ms} for
 * the script's {@code mosquitto_sub}, which times the MQTT deliveries in a process of its own): the time
 * of the API ingest's last write once it has written every one (its {@code /metrics}); at the end the
 * stored alarms are counted through {@code GET /api/v1/alarms}. Prints {@code key=value} lines.
 *
 * <p>args: {@code --sip-port P --http-port P --token T --count N --prefix 13DIGITS --settle-ms MS}
 */
public final class AlarmIngestBench {
    private AlarmIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int count = Integer.parseInt(o.getOrDefault("count", "10000"));
        int httpPort = Integer.parseInt(o.get("http-port"));
        String token = o.get("token");
        String prefix = o.getOrDefault("prefix", "3402000000132");
        HttpClient http = HttpClient.newHttpClient();
        int sipPort = Integer.parseInt(o.get("sip-port"));

        // the cameras, a thousand at a time so that their registrations do not all come in the same instant
        long regStart = System.nanoTime();
        LeanCameras cams = new LeanCameras(count, prefix, 1, new InetSocketAddress("127.0.0.1", sipPort),
                o.getOrDefault("domain", "3402000000"), o.getOrDefault("server-id", "34020000002000000001"));
        List<LeanCameras.Camera> devices = cams.cameras();
        long registered = cams.registerAll(1000, 120_000);
        System.out.printf("registered=%d in %.1f s (driver cpu %.1f s)%n", registered, (System.nanoTime() - regStart) / 1e9,
                cpuSeconds());

        // a warm-up round (every camera raises one alarm, over 5 s, not measured): the measured round meets a
        // platform whose code is compiled, as one that has run a while, not one whose paths run for the first time
        double writtenAtStart = metric(http, httpPort, "gbmesh_api_ingest_written");
        sendSpread(cams, devices, "warm-up", 5_000);
        long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((metric(http, httpPort, "gbmesh_api_ingest_written") - writtenAtStart < count
                || metric(http, httpPort, "gbmesh_api_ingest_pending") > 0) && System.nanoTime() < warmDeadline) {
            Thread.sleep(100);
        }
        System.out.printf("warm_up_alarms=%d answered_200=%d%n", count, cams.alarmsAnswered200.get());
        // the registrations' and the warm-up's completed SIP transactions expire (Timer J, 32 s), as on a platform
        // whose cameras have been online a while: the measured round meets only the keepalives' transactions
        Thread.sleep(Long.parseLong(o.getOrDefault("settle-ms", "35000")));
        long answeredBefore = cams.alarmsAnswered200.get();
        long refusedBefore = cams.alarmsRefused.get();
        long retransmissionsBefore = cams.retransmissions.get();

        double writtenBefore = metric(http, httpPort, "gbmesh_api_ingest_written");
        long meshPid = Long.parseLong(o.getOrDefault("mesh-pid", "0"));
        double meshCpuBefore = processCpuSeconds(meshPid);
        double driverCpuBefore = cpuSeconds();
        long rcvbufErrorsBefore = udpRcvbufErrors();
        Instant wallStart = Instant.now().minusSeconds(1);
        // one alarm per camera, spread evenly over one second, built before the first is sent
        List<byte[]> alarms = new ArrayList<>(count);
        for (LeanCameras.Camera c : devices) {
            alarms.add(cams.alarmMessage(c, "bench"));
        }
        long t0 = System.nanoTime();
        long t0EpochMs = System.currentTimeMillis();
        System.out.printf("t0_epoch_ms=%d%n", t0EpochMs);
        System.out.flush();
        sendSpread(cams, devices, alarms, 1_000, t0);
        long sentIn = System.nanoTime() - t0;

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long storedAt = 0;
        long lastWriteEpochMs = 0;
        double written = 0;
        while (System.nanoTime() < deadline && storedAt == 0) {
            if (storedAt == 0) {
                written = metric(http, httpPort, "gbmesh_api_ingest_written") - writtenBefore;
                if (written >= count) {
                    storedAt = System.nanoTime();
                    // the ingest's own time of its last write, not when this poll saw it
                    lastWriteEpochMs = (long) (metric(http, httpPort, "gbmesh_api_ingest_last_write_timestamp_seconds") * 1000);
                }
            }
            Thread.sleep(100);
        }
        double meshCpuRound = processCpuSeconds(meshPid) - meshCpuBefore;
        double driverCpuRound = cpuSeconds() - driverCpuBefore;
        long rcvbufErrorsRound = udpRcvbufErrors() - rcvbufErrorsBefore;
        long stored = countStored(http, httpPort, token, wallStart, prefix);
        // the answers still on their way (retransmitted ones) get their 32 s
        long answerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (cams.inFlight() > 0 && System.nanoTime() < answerDeadline) {
            Thread.sleep(100);
        }
        System.out.printf("alarms_sent=%d sent_in_ms=%d answered_200=%d refused=%d not_answered=%d last_answered_ms=%d%n",
                devices.size(), sentIn / 1_000_000, cams.alarmsAnswered200.get() - answeredBefore,
                cams.alarmsRefused.get() - refusedBefore, cams.alarmsUnanswered.get(),
                (cams.lastAlarmAnsweredNanos.get() - t0) / 1_000_000);
        System.out.printf("udp_rcvbuf_errors=%d (whole host, from the first alarm to the last stored)%n", rcvbufErrorsRound);
        System.out.printf("camera_retransmissions=%d (in the round) keepalives_refused=%d unparsable=%d%n",
                cams.retransmissions.get() - retransmissionsBefore, cams.keepalivesRefused.get(), cams.unparsable.get());
        System.out.printf("ingest_written=%.0f last_stored_ms=%d (seen by the poll at %d)%n", written,
                storedAt == 0 ? -1 : lastWriteEpochMs - t0EpochMs, storedAt == 0 ? -1 : (storedAt - t0) / 1_000_000);
        System.out.printf("stored_listed=%d%n", stored);
        System.out.printf("driver_cpu_s=%.1f%n", cpuSeconds());
        System.out.printf("round_cpu_s: cameras=%.1f mesh=%.1f (from the first alarm to the last stored)%n", driverCpuRound,
                meshCpuRound);
        System.out.printf("confirmed=%d (warm-up included)%n", cams.confirmations.get());
        cams.close();
        System.exit(0);
    }

    /** The cameras each send one alarm, spread evenly over {@code spreadMillis}: a batch every 10 ms. */
    private static void sendSpread(LeanCameras cams, List<LeanCameras.Camera> devices, String description, long spreadMillis)
            throws InterruptedException {
        List<byte[]> alarms = new ArrayList<>(devices.size());
        for (LeanCameras.Camera c : devices) {
            alarms.add(cams.alarmMessage(c, description));
        }
        sendSpread(cams, devices, alarms, spreadMillis, System.nanoTime());
    }

    private static void sendSpread(LeanCameras cams, List<LeanCameras.Camera> devices, List<byte[]> alarms, long spreadMillis,
                                   long t0) throws InterruptedException {
        int batches = (int) Math.max(1, spreadMillis / 10);
        for (int b = 0; b < batches; b++) {
            long due = t0 + b * 10_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            for (int i = b; i < devices.size(); i += batches) {
                cams.send(devices.get(i), alarms.get(i));
            }
        }
    }

    /** CPU time this JVM used so far (the cameras' side of the benchmark). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** The host's UDP datagrams dropped for a full receive buffer ({@code RcvbufErrors} of /proc/net/snmp), or -1. */
    private static long udpRcvbufErrors() {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Udp:") && lines.get(i + 1).startsWith("Udp:")) {
                    java.util.List<String> names = java.util.List.of(lines.get(i).split("\\s+"));
                    return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("RcvbufErrors")]);
                }
            }
        } catch (Exception | Error unreadable) {
            // not Linux: not reported
        }
        return -1;
    }

    /** CPU time (user and system) of another process from /proc, or NaN when it cannot be read. */
    private static double processCpuSeconds(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of proc(5) (utime, stime), counted from the state field (3)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (Exception | Error unreadable) {
            return Double.NaN;
        }
    }

    /** A counter of the API's Prometheus text, summed over its lines. */
    private static double metric(HttpClient http, int port, String name) throws Exception {
        String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && !line.startsWith("#")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The stored alarms of the bench's cameras since the start, counted through the API's pages. */
    private static long countStored(HttpClient http, int port, String token, Instant since, String prefix) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        String next = null;
        do {
            String q = "/api/v1/alarms?limit=500&since=" + since + (next == null ? "" : "&after=" + next);
            JsonObject page = new JsonObject(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + q))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            page.getJsonArray("items").forEach(x -> {
                JsonObject a = (JsonObject) x;
                if (a.getString("deviceId").startsWith(prefix)) {
                    ids.add(a.getString("alarmId"));
                }
            });
            next = page.getString("next");
        } while (next != null);
        return ids.size();
    }
}
