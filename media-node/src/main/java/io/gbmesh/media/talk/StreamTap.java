package io.gbmesh.media.talk;

import io.gbmesh.media.stream.StreamSink;

/** The streams of this node as a talk both ways reaches them: its listener joins the stream's sinks. */
public interface StreamTap {
    /** Attaches {@code sink} to the stream running on this node; false when the node has no such stream. */
    boolean attach(String streamId, StreamSink sink);

    /** Detaches and closes {@code sink} (nothing when the stream ended meanwhile: its sinks were closed with it). */
    void detach(String streamId, StreamSink sink);

    /** A node without streams. */
    StreamTap NONE = new StreamTap() {
        @Override
        public boolean attach(String streamId, StreamSink sink) {
            return false;
        }

        @Override
        public void detach(String streamId, StreamSink sink) {
        }
    };
}
