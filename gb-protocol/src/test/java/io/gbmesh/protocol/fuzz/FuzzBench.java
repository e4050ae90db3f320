package io.gbmesh.protocol.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The long fuzz run behind {@code bench/fuzz.sh}: a number of mutations spread evenly over the
 * targets, after a warm-up so that JIT compilation is not what is timed. Reports per target the
 * failures (the first inputs saved, raw and minimised, with their stack traces), the slowest inputs
 * re-timed (the least of several runs, so that a GC pause during one run is not blamed on the
 * input) and the used heap after GC at the start and the end.
 *
 * The targets run side by side on a few threads; the re-timing runs alone, after them.
 *
 * <p>usage: FuzzBench [mutations (10000000)] [seed (1)] [output directory (bench/results/fuzz)] [threads (cores)]
 * [time limit in seconds (none): each target stops there, and the report says how many ran]
 */
public final class FuzzBench {

    private static final int KEEP = 5;
    private static final int WARMUP_MUTANTS = 20_000;
    private static final int RETIMES = 10;
    private static final int FOCUSED_RUNS = 100;

    private FuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, ProtocolFuzzTargets.all()));
    }

    /** Runs and prints the report; the exit status is 1 when any target failed. */
    public static int run(String[] args, List<FuzzTarget> targets) throws IOException {
        long total = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1L;
        Path out = Path.of(args.length > 2 ? args[2] : "bench/results/fuzz");
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        long maxSeconds = args.length > 4 ? Long.parseLong(args[4]) : 0;
        Files.createDirectories(out);
        for (FuzzTarget target : targets) {
            FuzzRunner.run(target, WARMUP_MUTANTS, seed + 1_000_003L, 0);
        }
        long heapStart = usedHeapAfterGc();
        long started = System.nanoTime();
        long deadline = maxSeconds > 0 ? started + maxSeconds * 1_000_000_000L : started + Long.MAX_VALUE / 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<FuzzReport>> runs = new ArrayList<>();
        long each = total / targets.size();
        for (int i = 0; i < targets.size(); i++) {
            FuzzTarget target = targets.get(i);
            long mutants = i == targets.size() - 1 ? total - each * (targets.size() - 1) : each;
            long targetSeed = seed + i;
            runs.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                FuzzReport report = FuzzRunner.run(target, mutants, targetSeed, KEEP, deadline);
                System.out.printf("%s  (%.0f s)%n", report, (System.nanoTime() - t0) / 1e9);
                return report;
            }));
        }
        List<FuzzReport> reports = new ArrayList<>();
        for (Future<FuzzReport> run : runs) {
            try {
                reports.add(run.get());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException("fuzz run did not finish", e);
            }
        }
        pool.shutdown();
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long heapEnd = usedHeapAfterGc();

        long done = reports.stream().mapToLong(FuzzReport::inputs).sum() - targets.stream().mapToLong(t -> t.seeds().size()).sum();
        long failures = 0;
        System.out.println();
        System.out.println("| target | inputs | rejected (typed) | uncaught | mean µs | slowest measured ms | slowest re-timed ms (bytes) | its least of " + FOCUSED_RUNS + " ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < reports.size(); i++) {
            FuzzReport r = reports.get(i);
            FuzzReport.Timed retimed = retimeSlowest(targets.get(i), r);
            failures += r.failures();
            // on a shared machine the least of 10 can still hold a preemption: the same input again, 100 times
            FuzzReport.Timed focused = retime(targets.get(i), retimed.input(), FOCUSED_RUNS);
            System.out.printf("| %s | %,d | %,d | %d | %.1f | %.3f | %.3f (%d) | %.3f |%n", r.target(), r.inputs(), r.rejected(),
                    r.failures(), r.meanMicros(), r.slowestNanos() / 1e6, retimed.nanos() / 1e6, retimed.input().length, focused.nanos() / 1e6);
            Files.write(out.resolve(r.target() + "-slowest.bin"), retimed.input());
            save(out, targets.get(i), r.target() + "-failure", r.firstFailures());
        }
        System.out.println();
        System.out.println("| target | over-limit input, bytes | outcome | least of " + RETIMES + " ms |");
        System.out.println("|---|---:|---|---:|");
        for (FuzzTarget target : targets) {
            byte[] over = overLimit(target);
            if (over != null) {
                FuzzReport.Timed timed = retime(target, over, RETIMES);
                System.out.printf("| %s | %,d | %s | %.3f |%n", target.name(), over.length, outcomeOf(target, over), timed.nanos() / 1e6);
            }
        }
        System.out.printf("%nmutations %,d of %,d asked in %d s on %d threads%s; uncaught %d; heap used after GC: start %.1f MiB, end %.1f MiB%n",
                done, total, seconds, threads, done < total ? " (stopped at the time limit)" : "", failures, heapStart / 1048576.0, heapEnd / 1048576.0);
        System.out.println("inputs saved in " + out.toAbsolutePath());
        return failures == 0 ? 0 : 1;
    }

    /** The slowest input by its own cost: each kept input run again, the least time of each, the most of those. */
    static FuzzReport.Timed retimeSlowest(FuzzTarget target, FuzzReport report) {
        return retimeSlowest(target, report, FuzzReport.SLOWEST_KEPT, RETIMES);
    }

    /** As above over the {@code inputs} slowest, each run {@code runs} times. */
    static FuzzReport.Timed retimeSlowest(FuzzTarget target, FuzzReport report, int inputs, int runs) {
        FuzzReport.Timed worst = new FuzzReport.Timed(0, new byte[0]);
        for (FuzzReport.Timed timed : report.slowest().subList(0, Math.min(inputs, report.slowest().size()))) {
            FuzzReport.Timed again = retime(target, timed.input(), runs);
            if (again.nanos() > worst.nanos()) {
                worst = again;
            }
        }
        return worst;
    }

    /**
     * An input past what the product takes as one unit, which must be refused fast by the codec's typed
     * exception: a datagram over the parser's message limit, SDP and MANSCDP bodies over theirs, and a
     * TCP stream whose header section never ends. Null for the media streams: a longer stream is only
     * more reads, each one a unit.
     */
    static byte[] overLimit(FuzzTarget target) {
        int size = 300 * 1024;
        return switch (target.name()) {
            case "sip-parser", "sdp", "manscdp" -> repeat(target.seeds().stream().max((a, b) -> a.length - b.length).orElseThrow(), size);
            case "sip-framer" -> repeat("X-Padding: never ends\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), size);
            default -> null;
        };
    }

    private static byte[] repeat(byte[] unit, int size) {
        byte[] out = new byte[size];
        for (int at = 0; at < size; at += unit.length) {
            System.arraycopy(unit, 0, out, at, Math.min(unit.length, size - at));
        }
        return out;
    }

    private static String outcomeOf(FuzzTarget target, byte[] input) {
        try {
            target.exercise(input, null);
            return "accepted";
        } catch (Throwable t) {
            return (target.isRejection(t) ? "refused: " : "UNCAUGHT: ") + t.getClass().getSimpleName() + " (" + t.getMessage() + ")";
        }
    }

    /** The least time of {@code runs} runs of one input, fed whole. */
    static FuzzReport.Timed retime(FuzzTarget target, byte[] input, int runs) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            try {
                target.exercise(input, null);
            } catch (Throwable ignored) {
                // its outcome was recorded in the run; only the time matters here
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return new FuzzReport.Timed(best, input);
    }

    private static void save(Path out, FuzzTarget target, String prefix, List<FuzzReport.Finding> findings) throws IOException {
        for (int i = 0; i < findings.size(); i++) {
            FuzzReport.Finding f = findings.get(i);
            Files.write(out.resolve(prefix + "-" + i + ".bin"), f.input());
            Files.write(out.resolve(prefix + "-" + i + "-min.bin"), Minimizer.minimize(target, f.input(), 20_000));
            StringWriter trace = new StringWriter();
            f.thrown().printStackTrace(new PrintWriter(trace));
            String text = "iteration " + f.iteration() + "\n" + f.signature() + "\n\n" + trace.toString().lines().limit(40)
                    .reduce("", (a, b) -> a + b + "\n");
            Files.writeString(out.resolve(prefix + "-" + i + ".txt"), text);
            System.out.println(prefix + "-" + i + ": " + f.signature());
        }
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
