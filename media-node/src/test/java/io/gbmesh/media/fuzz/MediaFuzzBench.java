package io.gbmesh.media.fuzz;

import io.gbmesh.protocol.fuzz.FuzzBench;

/** {@code bench/fuzz.sh}: the long fuzz run over every codec, gb-protocol's and the media node's. */
public final class MediaFuzzBench {

    private MediaFuzzBench() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(FuzzBench.run(args, MediaNodeFuzzTargets.all()));
    }
}
