package io.gbmesh.protocol.fuzz;

import java.util.ArrayList;
import java.util.List;

/** What a run of one target found: counts, the first failures with their inputs, the slowest input. */
public final class FuzzReport {

    /** One input that made the codec throw something other than its typed rejection. */
    public record Finding(long iteration, byte[] input, Throwable thrown) {
        /** Class and throwing frame: two findings with the same signature are most likely one bug. */
        public String signature() {
            return FuzzReport.signature(thrown);
        }
    }

    private final String target;
    private final int keep;
    private long inputs;
    private long rejected;
    private long failures;
    private final List<Finding> firstFailures = new ArrayList<>();
    /** The slowest inputs seen, slowest first, for re-timing away GC pauses and scheduling noise. */
    private final List<Timed> slowest = new ArrayList<>();
    private long totalNanos;

    /** An input and how long one run of it took. */
    public record Timed(long nanos, byte[] input) {
    }

    static final int SLOWEST_KEPT = 8;

    FuzzReport(String target, int keep) {
        this.target = target;
        this.keep = keep;
    }

    void record(long iteration, byte[] input, long nanos, Throwable thrown, Outcome outcome) {
        inputs++;
        totalNanos += nanos;
        if (slowest.size() < SLOWEST_KEPT || nanos > slowest.get(slowest.size() - 1).nanos()) {
            int at = 0;
            while (at < slowest.size() && slowest.get(at).nanos() >= nanos) {
                at++;
            }
            slowest.add(at, new Timed(nanos, input));
            if (slowest.size() > SLOWEST_KEPT) {
                slowest.remove(SLOWEST_KEPT);
            }
        }
        switch (outcome) {
            case ACCEPTED -> { }
            case REJECTED -> rejected++;
            case FAILED -> {
                failures++;
                if (firstFailures.size() < keep) {
                    firstFailures.add(new Finding(iteration, input, thrown));
                }
            }
        }
    }

    enum Outcome { ACCEPTED, REJECTED, FAILED }

    public String target() {
        return target;
    }

    public long inputs() {
        return inputs;
    }

    public long rejected() {
        return rejected;
    }

    public long failures() {
        return failures;
    }

    public List<Finding> firstFailures() {
        return firstFailures;
    }


    public long slowestNanos() {
        return slowest.isEmpty() ? 0 : slowest.get(0).nanos();
    }

    public byte[] slowestInput() {
        return slowest.isEmpty() ? null : slowest.get(0).input();
    }

    /** The slowest inputs as measured in the run, slowest first. */
    public List<Timed> slowest() {
        return slowest;
    }

    public double meanMicros() {
        return inputs == 0 ? 0 : totalNanos / 1000.0 / inputs;
    }

    public static String signature(Throwable t) {
        StackTraceElement[] trace = t.getStackTrace();
        String where = "";
        for (StackTraceElement e : trace) {
            if (e.getClassName().startsWith("io.gbmesh.") && !e.getClassName().contains(".fuzz.")) {
                where = " at " + e.getClassName() + "." + e.getMethodName() + ":" + e.getLineNumber();
                break;
            }
        }
        if (where.isEmpty() && trace.length > 0) {
            where = " at " + trace[0];
        }
        return t.getClass().getName() + where;
    }

    @Override
    public String toString() {
        return String.format("%-12s inputs %,d  rejected %,d  failures %d  mean %.1f us  slowest %.3f ms (%d bytes)",
                target, inputs, rejected, failures, meanMicros(), slowestNanos() / 1e6,
                slowestInput() == null ? 0 : slowestInput().length);
    }
}
