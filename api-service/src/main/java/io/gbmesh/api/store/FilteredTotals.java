package io.gbmesh.api.store;

import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The total of a filtered listing, counted at most once per {@code ttlMillis} for each filter: a full
 * {@code count(*)} over many devices costs more than the page itself, and a total a second old is as
 * good to a reader paging through a list that changes anyway. Requests that arrive while a count runs
 * share it. With a TTL of 0 every call counts.
 */
final class FilteredTotals {
    private static final int MAX_FILTERS = 1024;

    private record Entry(Future<Long> total, long countedAtNanos) {
    }

    private final long ttlNanos;
    private final Map<DeviceFilter, Entry> entries = new ConcurrentHashMap<>();

    FilteredTotals(long ttlMillis) {
        this.ttlNanos = Math.max(0, ttlMillis) * 1_000_000L;
    }

    Future<Long> total(DeviceFilter filter, Supplier<Future<Long>> count) {
        if (ttlNanos == 0) {
            return count.get();
        }
        long now = System.nanoTime();
        Entry e = entries.get(filter);
        if (e != null && (!e.total().isComplete() || (e.total().succeeded() && now - e.countedAtNanos() < ttlNanos))) {
            return e.total();
        }
        if (entries.size() >= MAX_FILTERS) {
            entries.clear(); // many distinct text searches: start over rather than grow
        }
        Future<Long> fresh = count.get();
        entries.put(filter, new Entry(fresh, now));
        return fresh;
    }

    /** Forgets every total, for after a change the caller wants to see at once (a device deleted). */
    void clear() {
        entries.clear();
    }
}
