package io.gbmesh.media.mp4;

import io.gbmesh.media.viewer.SegmentFanOut;

/**
 * The fragmented MP4 viewers of one stream: the {@link Fmp4Muxer}'s fragments written to every
 * viewer; the initialization segment is the set-up a late viewer is sent first.
 */
public final class Fmp4FanOut extends SegmentFanOut {

    public Fmp4FanOut() {
        super(new Fmp4Muxer(), DEFAULT_GOP_CACHE_BYTES);
    }
}
