package io.gbmesh.media.viewer;

import io.gbmesh.media.stream.StreamSink;

/** The viewers of one stream in one format: a sink of the stream that writes to their connections. */
public interface ViewerFanOut extends StreamSink {

    void addViewer(ViewerChannel viewer);

    void removeViewer(ViewerChannel viewer);

    /** Viewers connected, including those waiting for a key frame. */
    int viewers();

    /** Viewers dropped because they could not keep up. */
    long droppedViewers();

    /** A fan-out keeps its stream open while it has viewers. */
    @Override
    default boolean holdsStream() {
        return viewers() > 0;
    }
}
