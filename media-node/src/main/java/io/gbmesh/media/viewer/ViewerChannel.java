package io.gbmesh.media.viewer;

import io.vertx.core.buffer.Buffer;

/** Where one viewer's bytes go: an HTTP response in production, a list in tests. */
public interface ViewerChannel {

    /** True when the viewer's send queue is over its bound. */
    boolean writeQueueFull();

    void write(Buffer data);

    /** Ends the viewer's connection. */
    void close();
}
