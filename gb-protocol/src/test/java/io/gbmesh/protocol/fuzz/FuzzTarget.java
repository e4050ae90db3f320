package io.gbmesh.protocol.fuzz;

import java.util.List;
import java.util.SplittableRandom;

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
     * Runs the codec on one input as the transport would, including the accessors a handler calls on
     * a parsed value. {@code random} chooses the split points of stream properties; when it is null
     * the input is only fed whole, which is what is timed when the slowest inputs are re-run.
     */
    void exercise(byte[] input, SplittableRandom random) throws Exception;

    /** True for the codec's typed rejection of bad input. */
    boolean isRejection(Throwable thrown);
}
