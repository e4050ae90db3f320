package io.gbmesh.media;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One event loop of the node's and the streams placed on it: their sockets are bound from its
 * context, so their packets are read, reordered, demuxed and muxed for the viewers on its thread,
 * and their clocks tick there. Streams are spread over several shards so that the node uses every
 * core; what the node's own context does (requests, the streams table, HTTP) reaches a stream
 * through {@link #run} or {@link #call}.
 */
final class Shard {

    private final Context context;
    /** The streams ticked here; used on this shard's context only. */
    private final List<StreamSession> sessions = new ArrayList<>();
    /** Streams placed here, counted on the node's context for the placement. */
    private int placed;
    private long timer = -1;

    Shard(Context context) {
        this.context = context;
    }

    /** Ticks the streams every {@code millis} (on this shard's context) until {@link #stop}. */
    void start(long millis, long stallMillis, long idleMillis) {
        context.runOnContext(v -> timer = context.owner().setPeriodic(millis, t -> {
            long now = MediaNodeVerticle.now();
            for (int i = sessions.size() - 1; i >= 0; i--) {
                sessions.get(i).tick(now, stallMillis, idleMillis);
            }
        }));
    }

    void stop() {
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
        });
    }

    void add(StreamSession session) {
        placed++;
        run(() -> sessions.add(session));
    }

    void remove(StreamSession session) {
        placed--;
        run(() -> sessions.remove(session));
    }

    int placed() {
        return placed;
    }

    /** Runs {@code task} on this shard's context. */
    void run(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    /** The outcome of {@code task}, started on this shard's context. */
    <T> Future<T> call(Supplier<Future<T>> task) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                task.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
