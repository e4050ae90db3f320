package io.gbmesh.api.store;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a filtered listing needs from all its rows — the total, the offset anchors — computed at most
 * once per {@code ttlMillis} for each filter: a scan over many devices costs more than the page
 * itself, and a figure a second old is as good to a reader paging through a list that changes
 * anyway. Requests that arrive while it is computed share it. With a TTL of 0 every call computes.
 */
final class PerFilterCache<T> {
    private static final int MAX_FILTERS = 1024;

    private record Entry<T>(Future<T> value, long madeAtNanos) {
    }

    private final long ttlNanos;
    private final Map<DeviceFilter, Entry<T>> entries = new ConcurrentHashMap<>();

    PerFilterCache(long ttlMillis) {
        this.ttlNanos = Math.max(0, ttlMillis) * 1_000_000L;
    }

    boolean enabled() {
        return ttlNanos > 0;
    }

    Future<T> get(DeviceFilter filter, Supplier<Future<T>> make) {
        if (ttlNanos == 0) {
            return make.get();
        }
        long now = System.nanoTime();
        Entry<T> e = entries.get(filter);
        if (e != null && (!e.value().isComplete() || (e.value().succeeded() && now - e.madeAtNanos() < ttlNanos))) {
            return e.value();
        }
        if (entries.size() >= MAX_FILTERS) {
            entries.clear(); // many distinct text searches: start over rather than grow
        }
        Future<T> fresh = make.get();
        entries.put(filter, new Entry<>(fresh, now));
        return fresh;
    }

    /** Forgets everything, for after a change the caller wants to see at once (a device deleted). */
    void clear() {
        entries.clear();
    }
}
