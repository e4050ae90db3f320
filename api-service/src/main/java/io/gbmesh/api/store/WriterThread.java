package io.gbmesh.api.store;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event loop of its own for the database writes of the device events: the transactions of
 * {@link EventIngest} run there, and the connections they open do their I/O there, so that a busy
 * event loop of the process (the SIP gateway's, in one JVM with the whole mesh) does not hold a
 * transaction open between its statements. One thread for the process, made on first use and kept
 * (the connections opened on it stay in the pool after an ingest stops); its contexts belong to the
 * Vert.x instance that asks.
 */
final class WriterThread {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static EventLoopGroup group;

    private WriterThread() {
    }

    /** A new event-loop context of {@code vertx} on the writer thread. */
    static ContextInternal context(Vertx vertx) {
        VertxInternal v = (VertxInternal) vertx;
        return v.contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP).withEventLoop(group(v).next()).build();
    }

    private static synchronized EventLoopGroup group(VertxInternal vertx) {
        if (group == null) {
            group = vertx.transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, 1, r -> {
                Thread t = VertxThreadFactory.INSTANCE.newVertxThread(r,
                        "gbmesh-db-writer-" + THREADS.getAndIncrement(), false, 2, TimeUnit.SECONDS);
                t.setDaemon(true);
                return t;
            }, 50);
        }
        return group;
    }
}
