package io.gbmesh.media.viewer;

import io.gbmesh.protocol.media.MediaFrame;

/**
 * A live container muxer as a {@link SegmentFanOut} drives it: frames in, segments out, each marked
 * as the decoder set-up (FLV sequence header, fMP4 initialization segment) or as media, starting at a
 * key frame or not. Not thread-safe: one instance per stream.
 */
public interface SegmentMuxer {

    /** Receives each segment; the array is the caller's to keep. */
    @FunctionalInterface
    interface Out {
        void segment(byte[] bytes, boolean keyFrame, boolean setUp);
    }

    /** What every viewer is sent first, before the set-up (the FLV file header; empty for fMP4). */
    byte[] viewerHeader();

    /** Muxes one frame; false when it was not (a codec the container cannot carry, or no key frame yet). */
    boolean frame(MediaFrame frame, Out out);
}
