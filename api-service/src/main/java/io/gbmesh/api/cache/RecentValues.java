package io.gbmesh.api.cache;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Values that are costly to make and fine to reuse for a moment — a device list page, a filter's
 * total — each kept for {@code ttlMillis} after it was made. Requests that arrive while a value is
 * being made share it; a failure is not kept. With a TTL of 0 nothing is kept and every call makes
 * its value. At most {@code maxEntries} are kept: past that, the expired go, and if that is not
 * enough, all.
 */
public final class RecentValues<K, V> {
    private record Entry<V>(Future<V> value, long madeAtNanos) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public RecentValues(long ttlMillis, int maxEntries) {
        this.ttlNanos = Math.max(0, ttlMillis) * 1_000_000L;
        this.maxEntries = maxEntries;
    }

    public boolean enabled() {
        return ttlNanos > 0;
    }

    public Future<V> get(K key, Supplier<Future<V>> make) {
        if (ttlNanos == 0) {
            return make.get();
        }
        long now = System.nanoTime();
        Entry<V> e = entries.get(key);
        if (e != null && (!e.value().isComplete() || now - e.madeAtNanos() < ttlNanos)) {
            return e.value();
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(old -> old.value().isComplete() && now - old.madeAtNanos() >= ttlNanos);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        Future<V> value = make.get();
        Entry<V> made = new Entry<>(value, now);
        entries.put(key, made);
        value.onFailure(err -> entries.remove(key, made));
        return value;
    }

    /** Forgets everything, for after a change the caller wants to see at once. */
    public void clear() {
        entries.clear();
    }
}
