package io.gbmesh.media.flv;

import io.gbmesh.media.viewer.SegmentFanOut;

/**
 * The HTTP-FLV viewers of one stream: the {@link FlvMuxer}'s tags written to every viewer, after the
 * FLV header; the sequence header is the set-up a late viewer is sent first.
 */
public final class FlvFanOut extends SegmentFanOut {

    public static final int DEFAULT_GOP_CACHE_BYTES = SegmentFanOut.DEFAULT_GOP_CACHE_BYTES;

    public FlvFanOut() {
        this(DEFAULT_GOP_CACHE_BYTES);
    }

    public FlvFanOut(int gopCacheBytes) {
        super(new FlvMuxer(), gopCacheBytes);
    }

    /** FLV tags muxed (sequence headers included). */
    public long tags() {
        return segments();
    }
}
