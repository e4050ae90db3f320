package io.gbmesh.protocol.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One codec under fuzzing: its seed corpus, what it does with an input, and which failures are its
 * documented rejections. Anything else that {@link #exercise} throws is a bug.
 */
public interface FuzzTarget {

    String name();

    /** Real inputs the mutants are made from. */
    List<byte[]> seeds();

    /** The longest mutant; large enough for a chunk repeated thousands of times. */
    default int maxInputLength() {
        return UDP_MAX;
    }

    /** The largest UDP payload, so the largest SIP datagram and the largest body it can carry. */
    int UDP_MAX = 65_507;

    /**
     * The most one TCP read hands a framer: Netty's receive buffer grows to 64 KiB at most
     * (AdaptiveRecvByteBufAllocator), so a longer stream reaches the framer as several reads.
     */
    int TCP_READ_MAX = 64 * 1024;

    /**
     * Runs the codec on one input as the transport would, including the accessors a handler calls on
     * a parsed value. {@code random} chooses the split points of stream properties; when it is null
     * the input is only fed whole, which is what is timed when the slowest inputs are re-run.
     */
    void exercise(byte[] input, SplittableRandom random) throws Exception;

    /** True for the codec's typed rejection of bad input. */
    boolean isRejection(Throwable thrown);

    /** What a target does with one input (see {@link #exercise}). */
    @FunctionalInterface
    interface Exercise {
        void run(byte[] input, SplittableRandom random) throws Exception;
    }

    /** A target from its parts: its name, seeds, longest mutant, what it does, and its typed rejections. */
    static FuzzTarget of(String name, List<byte[]> seeds, int maxInputLength, Exercise exercise, Predicate<Throwable> rejection) {
        return new FuzzTarget() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<byte[]> seeds() {
                return seeds;
            }

            @Override
            public int maxInputLength() {
                return maxInputLength;
            }

            @Override
            public void exercise(byte[] input, SplittableRandom random) throws Exception {
                exercise.run(input, random);
            }

            @Override
            public boolean isRejection(Throwable thrown) {
                return rejection.test(thrown);
            }
        };
    }
}
