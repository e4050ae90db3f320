package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.DeviceRegistration;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coalesces registry writes: registrations, refreshes and keepalives of many devices go to the
 * cluster as one batch every few milliseconds, the latest state of each device winning. This is
 * what lets one gateway take thousands of registrations a second without a cluster round trip
 * each. Used on the gateway's event loop.
 */
final class RegistryWriter {
    private final Vertx vertx;
    private final RegistryStore store;
    private final long delayMillis;
    private final int maxBatch;
    private Map<String, DeviceRegistration> pending = new LinkedHashMap<>();
    private List<Promise<Void>> waiting = new ArrayList<>();
    private long timer = -1;

    RegistryWriter(Vertx vertx, RegistryStore store, long delayMillis, int maxBatch) {
        this.vertx = vertx;
        this.store = store;
        this.delayMillis = delayMillis;
        this.maxBatch = maxBatch;
    }

    /** Queues the device's latest state; the future completes when its batch is in the cluster. */
    Future<Void> write(DeviceRegistration registration) {
        pending.put(registration.deviceId(), registration);
        Promise<Void> done = Promise.promise();
        waiting.add(done);
        if (pending.size() >= maxBatch) {
            flush();
        } else if (timer < 0) {
            timer = vertx.setTimer(delayMillis, id -> {
                timer = -1;
                flush();
            });
        }
        return done.future();
    }

    /** Drops a queued write, for a device being removed from the registry. */
    void cancel(String deviceId) {
        pending.remove(deviceId);
    }

    void flush() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        if (pending.isEmpty()) {
            waiting.forEach(Promise::tryComplete);
            waiting.clear();
            return;
        }
        Map<String, DeviceRegistration> batch = pending;
        List<Promise<Void>> promises = waiting;
        pending = new LinkedHashMap<>();
        waiting = new ArrayList<>();
        store.putAll(batch).onComplete(ar -> {
            for (Promise<Void> p : promises) {
                if (ar.succeeded()) {
                    p.tryComplete();
                } else {
                    p.tryFail(ar.cause());
                }
            }
        });
    }

    int pending() {
        return pending.size();
    }
}
