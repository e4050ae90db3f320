package io.gbmesh.protocol.fuzz;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs a target over its seeds and then over mutants of them, timing each input and sorting each
 * outcome into accepted, rejected (the typed exception) and failed (any other Throwable, errors
 * included).
 */
public final class FuzzRunner {

    private FuzzRunner() {
    }

    /** The seeds unchanged, then {@code mutants} mutants; {@code keep} failing inputs are kept. */
    public static FuzzReport run(FuzzTarget target, long mutants, long seed, int keep) {
        return run(target, mutants, seed, keep, Long.MAX_VALUE);
    }

    /** As above, but stops early once {@code System.nanoTime()} passes {@code deadlineNanos}. */
    public static FuzzReport run(FuzzTarget target, long mutants, long seed, int keep, long deadlineNanos) {
        FuzzReport report = new FuzzReport(target.name(), keep);
        List<byte[]> seeds = target.seeds();
        Mutator mutator = new Mutator(seed, target.maxInputLength());
        SplittableRandom splits = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < seeds.size(); i++) {
            runOne(target, -1 - i, seeds.get(i), splits, report);
        }
        SplittableRandom pick = mutator.random();
        for (long i = 0; i < mutants; i++) {
            if ((i & 1023) == 0 && System.nanoTime() - deadlineNanos > 0) {
                break;
            }
            byte[] input = mutator.mutate(seeds.get(pick.nextInt(seeds.size())), seeds.get(pick.nextInt(seeds.size())));
            runOne(target, i, input, splits, report);
        }
        return report;
    }

    /** Runs one input; the outcome is recorded, never thrown. */
    public static void runOne(FuzzTarget target, long iteration, byte[] input, SplittableRandom splits, FuzzReport report) {
        Throwable thrown = null;
        long start = System.nanoTime();
        try {
            target.exercise(input, splits);
        } catch (Throwable t) {
            thrown = t;
        }
        long nanos = System.nanoTime() - start;
        report.record(iteration, input, nanos, thrown, outcome(target, thrown));
    }

    static FuzzReport.Outcome outcome(FuzzTarget target, Throwable thrown) {
        if (thrown == null) {
            return FuzzReport.Outcome.ACCEPTED;
        }
        if (thrown instanceof SplitMismatch) {
            return FuzzReport.Outcome.FAILED;
        }
        if (target.isRejection(thrown)) {
            return FuzzReport.Outcome.REJECTED;
        }
        return FuzzReport.Outcome.FAILED;
    }

    /** Throws what the target threw on this input, if it was not its typed rejection. */
    public static void replay(FuzzTarget target, byte[] input) throws Throwable {
        try {
            target.exercise(input, new SplittableRandom(1));
        } catch (Throwable t) {
            if (outcome(target, t) == FuzzReport.Outcome.FAILED) {
                throw t;
            }
        }
    }
}
