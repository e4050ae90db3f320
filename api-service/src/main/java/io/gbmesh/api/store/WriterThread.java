package io.gbmesh.api.store;

import io.gbmesh.vertx.VertxLoops;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event loop of its own for the database writes of the device events: the transactions of
 * {@link EventIngest} run there, and the connections they open do their I/O there, so that a busy
 * event loop of the process (the SIP gateway's, in one JVM with the whole mesh) does not hold a
 * transaction open between its statements. One thread ({@code gbmesh-db-writer-N-0}) for each
 * ingest, made when it starts and ended by {@link #close} when it stops. The connections doing their
 * I/O there are those of the ingest's own pool, lent to no one else, and closed before the thread ends:
 * no query of the rest of the service runs on a connection of a thread that is ending.
 */
final class WriterThread {
    private static final AtomicInteger WRITERS = new AtomicInteger();

    private final EventLoopGroup group;
    private final Context context;
    private final Context owner;

    private WriterThread(EventLoopGroup group, Context context, Context owner) {
        this.group = group;
        this.context = context;
        this.owner = owner;
    }

    /** A new writer thread and a context of {@code vertx} on it; {@link #close} completes on the caller's context. */
    static WriterThread open(Vertx vertx) {
        EventLoopGroup group = VertxLoops.newEventLoops(vertx, 1, "gbmesh-db-writer-" + WRITERS.getAndIncrement(), 2);
        return new WriterThread(group, VertxLoops.contextOn(vertx, group.next()), vertx.getOrCreateContext());
    }

    /** The event-loop context on the writer thread. */
    Context context() {
        return context;
    }

    /** Ends the thread once the tasks given to it ran (and closes the connections on it); completes when it ended. */
    Future<Void> close() {
        Promise<Void> ended = VertxLoops.promise(owner);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).addListener(f -> ended.tryComplete());
        return ended.future();
    }
}
