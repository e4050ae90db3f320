package io.gbmesh.media.stream;

import io.gbmesh.protocol.media.MediaFrame;

/**
 * A consumer of one stream's frames: a viewer fan-out of one protocol, a push to a media server, a
 * recorder, a snapshot taker. Attached to a stream's {@link StreamSinks} and detached while the
 * stream runs; called on the stream's thread only, and must not block it.
 */
@FunctionalInterface
public interface StreamSink {

    /** One demuxed frame; its bytes are shared with the other sinks and must not be modified. */
    void frame(MediaFrame frame);

    /** The sink was detached, or the stream ended: what it holds is released. */
    default void close() {
    }

    /**
     * Whether the sink keeps the stream from being closed for want of a consumer now: a push or a
     * recorder always does, a viewer fan-out only while it has viewers.
     */
    default boolean holdsStream() {
        return true;
    }
}
