package io.gbmesh.protocol.fuzz;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Cuts of one input into chunks, as TCP reads would deliver it: single bytes, small and large pieces. */
public final class Splits {

    private Splits() {
    }

    /** Ascending cut points strictly inside {@code [0, length]}, ending with {@code length}. */
    public static int[] random(int length, SplittableRandom random) {
        if (length == 0) {
            return new int[] {0};
        }
        int style = random.nextInt(3);
        int[] cuts = new int[16];
        int n = 0;
        int p = 0;
        while (p < length) {
            int step = switch (style) {
                case 0 -> 1 + random.nextInt(3);
                case 1 -> 1 + random.nextInt(64);
                default -> 1 + random.nextInt(Math.max(1, length / 2));
            };
            p = Math.min(length, p + step);
            if (n == cuts.length) {
                cuts = Arrays.copyOf(cuts, n * 2);
            }
            cuts[n++] = p;
        }
        return Arrays.copyOf(cuts, n);
    }
}
