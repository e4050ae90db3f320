package io.gbmesh.vertx;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.transport.Transport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place that reaches into Vert.x's {@code io.vertx.core.internal} API (which may change in
 * any release): everything else speaks of {@link Vertx} and {@link Context} only. Each method is a
 * plain cast and call, so it costs no allocation or indirection beyond a static call, also on the
 * per-datagram paths (the RTP ingest, the SIP sockets). What each is for, and why the public API does
 * not do it:
 * <ul>
 *   <li>{@link #newEventLoopContext}: a context on an event loop of the pool that is not the caller's
 *       (the media node spreads its streams over several loops); the public API gives a context only
 *       to a deployed verticle or to the current thread.</li>
 *   <li>{@link #newEventLoops} and {@link #contextOn}: an event loop of its own beside the pool (the
 *       database writes of the device events, kept off the loops the SIP gateway keeps busy), made
 *       with the transport Vert.x runs on (epoll or NIO) and its thread factory, and a Vert.x context
 *       on it so that the clients opened there (the PostgreSQL connections) do their I/O there.</li>
 *   <li>{@link #transport}, {@link #eventLoop} and {@link #eventLoops}: Netty channels of our own on
 *       Vert.x's loops (UDP sockets with {@code SO_REUSEPORT} and pooled receive buffers, which
 *       Vert.x's {@code DatagramSocket} does not offer), registered on a given loop.</li>
 *   <li>{@link #promise}: a promise whose callbacks run on a given context, whoever completes it (an
 *       outcome from another loop handed back to its caller's); {@code Promise.promise()} runs them on
 *       the completing thread.</li>
 *   <li>{@link #inThread} and {@link #execute}: whether the calling thread is a context's, and a task
 *       run there in order with the context's other tasks, without the extra dispatch of
 *       {@code runOnContext} when already there (a viewer's writes from the stream's loop). A request's
 *       context in Vert.x 5 is a duplicate of its connection's, so comparing
 *       {@code Vertx.currentContext()} with it does not tell the thread.</li>
 *   <li>{@link #emit}: a handler run as a context (for {@code Vertx.currentContext()} and its
 *       exception handler) at once from a Netty handler already on that context's thread, with no
 *       task queued as {@code runOnContext} would: one call per received datagram.</li>
 *   <li>{@link #clusterManager}: whether the cluster is joined, and the Hazelcast instance behind the
 *       cluster-wide maps for their batch operations.</li>
 * </ul>
 */
public final class VertxLoops {
    private VertxLoops() {
    }

    /** A new event-loop context of {@code vertx} on the next loop of its pool. */
    public static Context newEventLoopContext(Vertx vertx) {
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    /**
     * A new group of {@code threads} event loops of {@code vertx}'s transport, outside its pool: Vert.x
     * threads (daemons) named {@code name-N}, so that code on them is on a Vert.x thread, with
     * {@code maxBlockedSeconds} as their blocking limit. Vert.x's blocked-thread checker does not watch
     * them (only the threads of its own pools are registered with it). The caller owns the group and
     * shuts it down.
     */
    public static EventLoopGroup newEventLoops(Vertx vertx, int threads, String name, long maxBlockedSeconds) {
        AtomicInteger n = new AtomicInteger();
        return ((VertxInternal) vertx).transport().eventLoopGroup(Transport.IO_EVENT_LOOP_GROUP, threads, r -> {
            Thread t = VertxThreadFactory.INSTANCE.newVertxThread(r, name + "-" + n.getAndIncrement(), false,
                    maxBlockedSeconds, TimeUnit.SECONDS);
            t.setDaemon(true);
            return t;
        }, 50);
    }

    /** A new event-loop context of {@code vertx} on {@code loop} (one of {@link #newEventLoops}, say). */
    public static Context contextOn(Vertx vertx, EventLoop loop) {
        return ((VertxInternal) vertx).contextBuilder().withThreadingModel(ThreadingModel.EVENT_LOOP)
                .withEventLoop(loop).build();
    }

    /** The Netty transport {@code vertx} runs on (native or NIO), to make and configure channels. */
    public static Transport transport(Vertx vertx) {
        return ((VertxInternal) vertx).transport();
    }

    /** The Netty event loop of {@code context}. */
    public static EventLoop eventLoop(Context context) {
        return ((ContextInternal) context).nettyEventLoop();
    }

    /** The event loops of {@code vertx}'s pool. */
    public static EventLoopGroup eventLoops(Vertx vertx) {
        return ((VertxInternal) vertx).nettyEventLoopGroup();
    }

    /** A promise whose callbacks run on {@code context}. */
    public static <T> Promise<T> promise(Context context) {
        return ((ContextInternal) context).promise();
    }

    /** Whether the calling thread is {@code context}'s. */
    public static boolean inThread(Context context) {
        return ((ContextInternal) context).inThread();
    }

    /** Runs {@code task} with {@code argument} on {@code context}'s thread: now when called there, else queued there. */
    public static <T> void execute(Context context, T argument, Handler<T> task) {
        ((ContextInternal) context).execute(argument, task);
    }

    /** As {@link #execute(Context, Object, Handler)}, without an argument. */
    public static void execute(Context context, Handler<Void> task) {
        ((ContextInternal) context).execute(task);
    }

    /** Runs {@code handler} with {@code argument} as {@code context}: now when called on its thread, else queued there. */
    public static <T> void emit(Context context, T argument, Handler<T> handler) {
        ((ContextInternal) context).emit(argument, handler);
    }

    /** The cluster manager of {@code vertx}; null when it is not clustered. */
    public static ClusterManager clusterManager(Vertx vertx) {
        return ((VertxInternal) vertx).clusterManager();
    }
}
