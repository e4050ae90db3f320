package io.gbmesh.launcher.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The driver of bench/restart-storm.sh and of the storm driver's own capacity figure: {@link StormDevices}
 * registering at once (or at {@code --rate} per second) to {@code --server}, answering every request, until
 * {@code --until}: {@code registered} (every device has its 200), {@code answered} (and every device
 * answered DeviceInfo, Catalog and ConfigDownload), or {@code file} (the file {@code --done-file} exists:
 * the script has seen what it waits for), and at most {@code --timeout-s}. Prints progress each second on
 * stderr and {@code key=value} lines on stdout: the start ({@code t0_epoch_ms}), the time to the last
 * registration and to the last device answering all its queries (-1 if not all did), the registrations per
 * second of wall time up to the last one, the driver's CPU time, and every counter.
 *
 * <p>args: {@code --server HOST:PORT --count N --sockets K --threads T --rate R (0 = at once) --channels C
 * --keepalive-s S --prefix 13DIGITS --password P (digest; none: no authentication) --until registered|answered|file
 * --done-file PATH --timeout-s S}
 */
public final class StormBench {
    private StormBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String[] server = o.getOrDefault("server", "127.0.0.1:15080").split(":");
        int count = Integer.parseInt(o.getOrDefault("count", "100000"));
        String until = o.getOrDefault("until", "registered");
        Path doneFile = o.containsKey("done-file") ? Path.of(o.get("done-file")) : null;
        long timeoutNanos = Long.parseLong(o.getOrDefault("timeout-s", "600")) * 1_000_000_000L;
        StormDevices.Settings settings = new StormDevices.Settings(count,
                Integer.parseInt(o.getOrDefault("sockets", "64")),
                Integer.parseInt(o.getOrDefault("threads", "2")),
                o.getOrDefault("prefix", "3402000000132"),
                o.getOrDefault("host", "127.0.0.1"),
                new InetSocketAddress(server[0], Integer.parseInt(server[1])),
                o.getOrDefault("domain", "3402000000"),
                o.getOrDefault("server-id", "34020000002000000001"),
                Integer.parseInt(o.getOrDefault("channels", "2")),
                Integer.parseInt(o.getOrDefault("keepalive-s", "60")),
                Integer.parseInt(o.getOrDefault("expires", "3600")),
                o.get("password"));
        double cpu0 = cpuSeconds();
        try (StormDevices storm = new StormDevices(settings)) {
            long start = System.nanoTime();
            System.out.println("t0_epoch_ms=" + System.currentTimeMillis());
            System.out.flush();
            storm.registerAll(Integer.parseInt(o.getOrDefault("rate", "0")));
            long nextReport = start;
            while (System.nanoTime() - start < timeoutNanos) {
                boolean allRegistered = storm.registered.get() == count;
                boolean done = switch (until) {
                    case "registered" -> allRegistered;
                    case "answered" -> allRegistered && storm.allQueriesAnswered.get() == count;
                    case "file" -> doneFile != null && Files.exists(doneFile);
                    default -> throw new IllegalArgumentException("--until registered|answered|file: " + until);
                };
                // nothing more can come once every device has registered or given up
                boolean stuck = !until.equals("file") && storm.registered.get() + storm.registerFailed.get()
                        + storm.registerRefused.get() == count && !allRegistered;
                if (done || stuck) {
                    break;
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + 1_000_000_000L;
                    System.err.printf("%6.1f s registered=%d all_queries_answered=%d retransmissions=%d cpu=%.1f s%n",
                            (now - start) / 1e9, storm.registered.get(), storm.allQueriesAnswered.get(), storm.retransmissions.get(),
                            cpuSeconds() - cpu0);
                }
                Thread.sleep(20);
            }
            long lastRegistered = storm.lastRegisteredNanos.get();
            long lastAnswered = storm.lastAllQueriesNanos.get();
            boolean allRegistered = storm.registered.get() == count;
            double registerSeconds = (lastRegistered - start) / 1e9;
            System.out.printf("count=%d sockets=%d threads=%d%n", count, settings.sockets(), settings.threads());
            System.out.printf("all_registered_ms=%d%n", allRegistered ? (lastRegistered - start) / 1_000_000 : -1);
            System.out.printf("all_answered_ms=%d%n", storm.allQueriesAnswered.get() == count ? (lastAnswered - start) / 1_000_000 : -1);
            System.out.printf("registrations_per_s=%.0f%n", lastRegistered > start ? storm.registered.get() / registerSeconds : 0.0);
            System.out.printf("driver_cpu_s=%.2f driver_cpu_us_per_registration=%.1f%n", cpuSeconds() - cpu0,
                    storm.registered.get() > 0 ? (cpuSeconds() - cpu0) * 1e6 / storm.registered.get() : 0.0);
            System.out.printf("driver_heap_used_mb=%d%n", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            System.out.println(storm.counters().replace(' ', '\n'));
        }
    }

    /** CPU time this JVM used so far. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }
}
