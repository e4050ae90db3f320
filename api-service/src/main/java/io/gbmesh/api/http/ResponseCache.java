package io.gbmesh.api.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Recent response bodies of a read endpoint, by request, each served for {@code ttlMillis} after it
 * was made: a device list that many consoles poll is built once a second, not once per poll. Requests
 * that arrive while the same body is being built share it; a failure is not kept. {@link #clear()}
 * after a change made through this service, so that its own writes show at once. With a TTL of 0
 * nothing is kept.
 */
final class ResponseCache {
    private static final int MAX_ENTRIES = 4096;

    private record Entry(Future<Buffer> body, long madeAtNanos) {
    }

    private final long ttlNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    ResponseCache(long ttlMillis) {
        this.ttlNanos = Math.max(0, ttlMillis) * 1_000_000L;
    }

    Future<Buffer> get(String key, Supplier<Future<Buffer>> make) {
        if (ttlNanos == 0) {
            return make.get();
        }
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && (!e.body().isComplete() || now - e.madeAtNanos() < ttlNanos)) {
            return e.body();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(old -> old.body().isComplete() && now - old.madeAtNanos() >= ttlNanos);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
        }
        Future<Buffer> body = make.get();
        Entry made = new Entry(body, now);
        entries.put(key, made);
        body.onFailure(err -> entries.remove(key, made));
        return body;
    }

    void clear() {
        entries.clear();
    }
}
