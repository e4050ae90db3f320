package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweeps of the orchestrator: the next one starts a period after the previous one completed, never beside it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SweepScheduleTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSweepHeldUpDelaysTheNextInsteadOfPilingUpOthers() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicReference<Promise<Void>> held = new AtomicReference<>();
        vertx.runOnContext(v -> SweepSchedule.start(vertx, 10, () -> {
            started.incrementAndGet();
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            Promise<Void> done = Promise.promise();
            if (started.get() == 2) {
                held.set(done); // as a cluster map that does not answer
            } else {
                vertx.setTimer(1, t -> done.complete());
            }
            return done.future().onComplete(ar -> running.decrementAndGet());
        }));
        Await.eventually("the second sweep started", () -> held.get() != null);
        // the first sweep's period elapsed many times over while the second is held: none started beside it
        Await.holds("no sweep started while one is held", Duration.ofMillis(300), () -> started.get() == 2);
        vertx.runOnContext(v -> held.get().complete());
        Await.eventually("the sweeps going on once it completed", () -> started.get() >= 5);
        assertEquals(1, most.get(), "never two sweeps at once");
    }

    @Test
    void noSweepStartsOnceCancelled() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicReference<SweepSchedule> schedule = new AtomicReference<>();
        vertx.runOnContext(v -> schedule.set(SweepSchedule.start(vertx, 5, () -> {
            started.incrementAndGet();
            return Future.succeededFuture();
        })));
        Await.eventually("sweeping", () -> started.get() >= 3);
        java.util.concurrent.CompletableFuture<Integer> atCancel = new java.util.concurrent.CompletableFuture<>();
        vertx.runOnContext(v -> {
            schedule.get().cancel();
            atCancel.complete(started.get());
        });
        int count = atCancel.get(10, TimeUnit.SECONDS);
        Await.holds("none after the cancel", Duration.ofMillis(100), () -> started.get() == count);
    }
}
