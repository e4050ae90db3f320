package io.gbmesh.launcher.bench;

import io.gbmesh.launcher.ControlMesh;
import io.gbmesh.simulator.SimulatedDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * PTZ command round trip through the whole platform: {@code POST .../ptz} on the HTTP API → event
 * bus → gateway → DeviceControl MESSAGE to a simulated camera → its {@code 200} → {@code 204} to the
 * client, timed at the client, one call at a time over a kept-alive connection, alternating
 * {@code left} and {@code stop}. For the camera registered over UDP and the one over TCP: WARMUP
 * calls, then RUNS runs of CALLS calls, each run's median and p99 printed, then the pooled ones.
 *
 * <p>usage: {@code PtzRoundTripBench CALLS RUNS WARMUP}
 */
public final class PtzRoundTripBench {
    private PtzRoundTripBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path data = Files.createTempDirectory("gbmesh-ptz-bench");
        try (ControlMesh mesh = new ControlMesh("ptz-bench", data, 901)) {
            for (String transport : new String[] {"UDP", "TCP"}) {
                SimulatedDevice d = mesh.device(transport.equals("TCP"));
                String path = "/devices/" + d.deviceId() + "/channels/" + d.channelIds().get(0) + "/ptz";
                for (int i = 0; i < warmup; i++) {
                    ptz(mesh, path, i % 2 == 0 ? "left" : "stop");
                }
                double[] all = new double[calls * runs];
                for (int run = 0; run < runs; run++) {
                    double[] ms = new double[calls];
                    for (int i = 0; i < calls; i++) {
                        long t0 = System.nanoTime();
                        int status = ptz(mesh, path, i % 2 == 0 ? "left" : "stop");
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                        if (status != 204) {
                            throw new IllegalStateException("PTZ call answered " + status);
                        }
                    }
                    System.arraycopy(ms, 0, all, run * calls, calls);
                    Arrays.sort(ms);
                    System.out.printf(Locale.ROOT, "%s run %d: %d calls, median %.2f ms, p99 %.2f ms, max %.2f ms%n",
                            transport, run + 1, calls, percentile(ms, 50), percentile(ms, 99), ms[ms.length - 1]);
                }
                Arrays.sort(all);
                System.out.printf(Locale.ROOT, "%s all runs: %d calls, median %.2f ms, p99 %.2f ms%n",
                        transport, all.length, percentile(all, 50), percentile(all, 99));
            }
        }
        System.exit(0);
    }

    private static int ptz(ControlMesh mesh, String path, String motion) throws Exception {
        return mesh.send("POST", path, "{\"command\":\"" + motion + "\",\"speed\":128}").status();
    }

    private static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
