package io.gbmesh.media.snapshot;

import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

/**
 * Keeps a stream's last video key frame with its parameter sets, what a snapshot decodes. Fed on the
 * stream's thread, read from any: only a reference is kept (frames are immutable), so it costs nothing
 * per frame and never holds the stream open.
 */
public final class KeyFrameKeeper implements StreamSink {

    private volatile MediaFrame last;
    private volatile long keptAt;

    @Override
    public void frame(MediaFrame frame) {
        if (!frame.isVideo() || !frame.keyFrame() || frame.sps() == null || frame.pps() == null) {
            return;
        }
        if (frame.codec() == Codec.H265 ? frame.vps() == null : frame.codec() != Codec.H264) {
            return;
        }
        last = frame;
        keptAt = System.nanoTime();
    }

    /** The last key frame with its parameter sets, or null before the first. */
    public MediaFrame last() {
        return last;
    }

    /** When the last key frame came ({@link System#nanoTime()}), 0 before the first. */
    public long keptAt() {
        return keptAt;
    }

    @Override
    public boolean holdsStream() {
        return false;
    }
}
