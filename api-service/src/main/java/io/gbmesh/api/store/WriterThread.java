package io.gbmesh.api.store;

import io.gbmesh.vertx.VertxLoops;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * An event loop of its own for the database writes of the device events: the transactions of
 * {@link EventIngest} run there, and the connections they open do their I/O there, so that a busy
 * event loop of the process (the SIP gateway's, in one JVM with the whole mesh) does not hold a
 * transaction open between its statements. One thread for the process, made on first use and kept
 * (the connections opened on it stay in the pool after an ingest stops); its contexts belong to the
 * Vert.x instance that asks.
 */
final class WriterThread {
    private static EventLoopGroup group;

    private WriterThread() {
    }

    /** A new event-loop context of {@code vertx} on the writer thread. */
    static Context context(Vertx vertx) {
        return VertxLoops.contextOn(vertx, group(vertx).next());
    }

    private static synchronized EventLoopGroup group(Vertx vertx) {
        if (group == null) {
            group = VertxLoops.newEventLoops(vertx, 1, "gbmesh-db-writer", 2);
        }
        return group;
    }
}
