package io.gbmesh.api.streams;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs a sweep every {@code periodMillis} after the previous one completed, never two at once: a
 * sweep held up (a cluster map that does not answer) delays the next one instead of piling up others
 * behind it. The sweeps run on the context of the caller of {@link #start}, also when a sweep completes
 * elsewhere; {@link #cancel} (on that context) stops it.
 */
final class SweepSchedule {
    private final Vertx vertx;
    private final Context context;
    private final long periodMillis;
    private final Supplier<Future<?>> sweep;
    private long timer = -1;
    private boolean cancelled;

    private SweepSchedule(Vertx vertx, long periodMillis, Supplier<Future<?>> sweep) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.periodMillis = periodMillis;
        this.sweep = sweep;
    }

    /** The first sweep runs {@code periodMillis} from now. */
    static SweepSchedule start(Vertx vertx, long periodMillis, Supplier<Future<?>> sweep) {
        SweepSchedule s = new SweepSchedule(vertx, periodMillis, sweep);
        s.arm();
        return s;
    }

    private void arm() {
        if (Vertx.currentContext() != context) {
            context.runOnContext(v -> arm());
        } else if (!cancelled) {
            timer = vertx.setTimer(periodMillis, id -> {
                timer = -1;
                Future<?> done;
                try {
                    done = sweep.get();
                } catch (RuntimeException e) {
                    done = Future.failedFuture(e);
                }
                done.onComplete(ar -> arm());
            });
        }
    }

    /** No sweep starts after this one (one running completes as it will). */
    void cancel() {
        cancelled = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
