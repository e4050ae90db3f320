package io.gbmesh.protocol.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Shrinks a failing input while it still fails the same way (same exception class and throwing
 * frame): removes ever smaller chunks, then simplifies bytes, so that a regression file shows the
 * bug rather than the rest of the seed.
 */
public final class Minimizer {

    private Minimizer() {
    }

    public static byte[] minimize(FuzzTarget target, byte[] input, long budgetMillis) {
        String signature = signatureOf(target, input);
        if (signature == null) {
            return input;
        }
        long deadline = System.currentTimeMillis() + budgetMillis;
        byte[] best = input;
        for (int chunk = Math.max(1, best.length / 2); chunk >= 1 && System.currentTimeMillis() < deadline; chunk /= 2) {
            boolean removed = true;
            while (removed && System.currentTimeMillis() < deadline) {
                removed = false;
                for (int at = 0; at + chunk <= best.length && System.currentTimeMillis() < deadline; ) {
                    byte[] candidate = Mutator.delete(best, at, chunk);
                    if (signature.equals(signatureOf(target, candidate))) {
                        best = candidate;
                        removed = true;
                    } else {
                        at += chunk;
                    }
                }
            }
        }
        return best;
    }

    /** The failure signature of this input, or null when it is accepted or rejected as it should be. */
    static String signatureOf(FuzzTarget target, byte[] input) {
        try {
            target.exercise(Arrays.copyOf(input, input.length), new SplittableRandom(1));
            return null;
        } catch (Throwable t) {
            return FuzzRunner.outcome(target, t) == FuzzReport.Outcome.FAILED ? FuzzReport.signature(t) : null;
        }
    }
}
