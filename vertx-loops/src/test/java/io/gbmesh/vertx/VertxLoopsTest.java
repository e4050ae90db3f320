package io.gbmesh.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VertxLoopsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T on(Context context, java.util.function.Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(work.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNewEventLoopContextRunsOnItsOwnLoop() throws Exception {
        Context context = VertxLoops.newEventLoopContext(vertx);
        assertTrue(context.isEventLoopContext());
        assertTrue(on(context, () -> VertxLoops.eventLoop(context).inEventLoop() && Vertx.currentContext() == context));
        assertFalse(VertxLoops.eventLoop(context).inEventLoop());
    }

    @Test
    void aContextOnALoopOfItsOwnRunsOnItsThreadUntilTheLoopIsShutDown() throws Exception {
        EventLoopGroup group = VertxLoops.newEventLoops(vertx, 1, "loops-test", 2);
        Context context = VertxLoops.contextOn(vertx, group.next());
        Thread thread = on(context, Thread::currentThread);
        assertEquals("loops-test-0", thread.getName());
        assertTrue(thread.isDaemon());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
        thread.join(10_000);
        assertFalse(thread.isAlive());
    }

    @Test
    void aPromiseOfAContextCallsBackThere() throws Exception {
        Context context = VertxLoops.newEventLoopContext(vertx);
        Promise<String> promise = VertxLoops.promise(context);
        CompletableFuture<Boolean> there = new CompletableFuture<>();
        promise.future().onComplete(ar -> there.complete(Vertx.currentContext() == context && VertxLoops.inThread(context)));
        new Thread(() -> promise.complete("done")).start();
        assertTrue(there.get(10, TimeUnit.SECONDS));
    }

    @Test
    void executeRunsAtOnceOnTheContextsThreadAndIsHandedOverFromAnother() throws Exception {
        Context context = VertxLoops.newEventLoopContext(vertx);
        assertFalse(VertxLoops.inThread(context));
        assertTrue(on(context, () -> {
            AtomicBoolean ran = new AtomicBoolean();
            VertxLoops.execute(context, "x", x -> ran.set(true));
            return ran.get() && VertxLoops.inThread(context);
        }));
        CompletableFuture<Boolean> handedOver = new CompletableFuture<>();
        VertxLoops.execute(context, v -> handedOver.complete(VertxLoops.inThread(context)));
        assertTrue(handedOver.get(10, TimeUnit.SECONDS));
    }

    @Test
    void emitRunsAsTheContext() throws Exception {
        Context context = VertxLoops.newEventLoopContext(vertx);
        CompletableFuture<Context> seen = new CompletableFuture<>();
        VertxLoops.emit(context, 7, n -> seen.complete(Vertx.currentContext()));
        assertSame(context, seen.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aLocalVertxHasNoClusterManager() {
        assertNull(VertxLoops.clusterManager(vertx));
        assertTrue(VertxLoops.eventLoops(vertx).iterator().hasNext());
        assertNotNull(VertxLoops.transport(vertx));
    }
}
