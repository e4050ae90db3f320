package io.gbmesh.simulator;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * The legitimate side of the soak benchmark (bench/soak.sh): many simulated devices in one JVM, each
 * on its own UDP port of 127.0.0.1, registering with digest at a paced rate, then keeping alive and
 * re-registering before expiry as cameras do, until a stop file appears. A device whose first
 * registration fails keeps trying (a real camera does), and the failure is counted. At the stop it
 * prints its totals as {@code key=value} lines: what the platform answered to the real devices.
 *
 * <p>args: {@code --server H --port P --count N --password PW --expires S --keepalive S --rate R
 * --channels C --stop-file F} (each optional but the stop file).
 */
public final class SoakFleet {
    private SoakFleet() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int count = Integer.parseInt(opts.getOrDefault("count", "10000"));
        int rate = Integer.parseInt(opts.getOrDefault("rate", "250"));
        Path stop = Path.of(opts.get("stop-file"));
        SimulatorConfig config = SimulatorConfig.of(opts.getOrDefault("server", "127.0.0.1"), Integer.parseInt(opts.getOrDefault("port", "5060")))
                .withCount(count, opts.getOrDefault("prefix", "3402000000132"), 1)
                .withPassword(opts.getOrDefault("password", ""))
                .withTiming(Integer.parseInt(opts.getOrDefault("expires", "180")), Integer.parseInt(opts.getOrDefault("keepalive", "20")), 3)
                .withChannels(Integer.parseInt(opts.getOrDefault("channels", "4")), 2, 0);
        Vertx vertx = Vertx.vertx();
        List<SimulatedDevice> devices = new ArrayList<>(count);
        AtomicInteger firstRegistered = new AtomicInteger();
        AtomicInteger firstFailures = new AtomicInteger();
        AtomicInteger bindFailures = new AtomicInteger();
        long t0 = System.nanoTime();
        // started from this (non-Vert.x) thread, each device's socket gets its own event-loop context, spread over the loops
        for (int i = 0; i < count; i++) {
            SimulatedDevice d = new SimulatedDevice(vertx, config, i);
            devices.add(d);
            d.start().onComplete(ar -> {
                if (ar.succeeded()) {
                    firstRegistered.incrementAndGet();
                } else if (d.media() == null) {
                    bindFailures.incrementAndGet();
                } else {
                    firstFailures.incrementAndGet();
                    retryFirst(vertx, d, firstRegistered, firstFailures);
                }
            });
            long due = t0 + (i + 1) * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        System.out.println("started " + count + " devices (" + config.deviceId(0) + " .. " + config.deviceId(count - 1) + ")");
        boolean announced = false;
        long lastProgress = 0;
        while (!Files.exists(stop)) {
            if (!announced && firstRegistered.get() + bindFailures.get() >= count) {
                announced = true;
                System.out.printf("registered %d devices in %.1f s (%d first attempts failed and were retried)%n",
                        firstRegistered.get(), (System.nanoTime() - t0) / 1e9, firstFailures.get());
            }
            if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                lastProgress = System.nanoTime();
                System.out.println("progress: " + totals(devices, firstRegistered.get(), firstFailures.get(), bindFailures.get()));
            }
            Thread.sleep(200);
        }
        System.out.println("final: " + totals(devices, firstRegistered.get(), firstFailures.get(), bindFailures.get()));
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void retryFirst(Vertx vertx, SimulatedDevice d, AtomicInteger registered, AtomicInteger failures) {
        vertx.setTimer(5000, id -> d.register().onComplete(ar -> {
            if (ar.succeeded()) {
                registered.incrementAndGet();
            } else {
                failures.incrementAndGet();
                retryFirst(vertx, d, registered, failures);
            }
        }));
    }

    private static String totals(List<SimulatedDevice> devices, int firstRegistered, int firstFailures, int bindFailures) {
        int notRegistered = 0;
        for (SimulatedDevice d : devices) {
            notRegistered += d.registered() ? 0 : 1;
        }
        return "devices=" + devices.size()
                + " first_registered=" + firstRegistered
                + " first_register_failures=" + firstFailures
                + " bind_failures=" + bindFailures
                + " registrations_ok=" + sum(devices, SimulatedDevice::registrations)
                + " registrations_refused=" + sum(devices, SimulatedDevice::registrationsRefused)
                + " registrations_unanswered=" + sum(devices, SimulatedDevice::registrationsUnanswered)
                + " keepalives_ok=" + sum(devices, SimulatedDevice::keepalivesAccepted)
                + " keepalives_refused=" + (sum(devices, SimulatedDevice::keepalivesRefused) - sum(devices, SimulatedDevice::keepalivesUnanswered))
                + " keepalives_unanswered=" + sum(devices, SimulatedDevice::keepalivesUnanswered)
                + " queries_answered=" + sum(devices, SimulatedDevice::queriesAnswered)
                + " not_registered_now=" + notRegistered;
    }

    private static long sum(List<SimulatedDevice> devices, ToIntFunction<SimulatedDevice> f) {
        long n = 0;
        for (SimulatedDevice d : devices) {
            n += f.applyAsInt(d);
        }
        return n;
    }
}
