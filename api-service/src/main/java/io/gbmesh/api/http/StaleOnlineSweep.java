package io.gbmesh.api.http;

import io.gbmesh.api.store.DeviceStore;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.OfflineReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Devices the database says are online but the cluster registry does not hold are offline: after a
 * restart of the whole mesh the registry starts empty, and a gateway that vanished may leave records
 * behind. The sweep publishes a {@link DeviceOffline} ({@link OfflineReason#NOT_IN_REGISTRY}) for
 * each, so that every replica's database writes and MQTT statuses follow, as for any offline event.
 *
 * <p>Only devices whose last state change is older than {@code graceMillis} are looked at (a device
 * that registered a moment ago may not be in the registry yet: the gateway writes it in batches),
 * and one replica sweeps at a time (a cluster lock), so that a device goes offline once.
 */
public final class StaleOnlineSweep {
    private static final Logger LOG = LoggerFactory.getLogger(StaleOnlineSweep.class);
    private static final String LOCK = "gb.api.stale-online-sweep";
    private static final int CHUNK = 1000;

    private final Vertx vertx;
    private final DeviceStore devices;
    private final LiveRegistry registry;
    private final long graceMillis;

    public StaleOnlineSweep(Vertx vertx, DeviceStore devices, LiveRegistry registry, long graceMillis) {
        this.vertx = vertx;
        this.devices = devices;
        this.registry = registry;
        this.graceMillis = graceMillis;
    }

    /** One sweep; the result is how many devices it declared offline (0 when another replica sweeps now). */
    public Future<Integer> run() {
        return vertx.sharedData().getLockWithTimeout(LOCK, 100).compose(
                lock -> sweep().eventually(() -> {
                    lock.release();
                    return Future.succeededFuture();
                }),
                busy -> Future.succeededFuture(0));
    }

    private Future<Integer> sweep() {
        long now = System.currentTimeMillis();
        return devices.onlineBefore(now - graceMillis).compose(online -> {
            List<String> ids = new ArrayList<>(online.keySet());
            Future<Integer> done = Future.succeededFuture(0);
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                done = done.compose(n -> registry.present(chunk).map(live -> n + declareOffline(chunk, live, online, now)));
            }
            return done;
        }).onSuccess(n -> {
            if (n > 0) {
                LOG.info("{} devices recorded online are not in the cluster registry: now offline", n);
            }
        });
    }

    private int declareOffline(List<String> ids, Set<String> live, Map<String, String> gateways, long now) {
        int n = 0;
        for (String id : ids) {
            if (!live.contains(id)) {
                vertx.eventBus().publish(Addresses.DEVICE_OFFLINE,
                        new DeviceOffline(id, gateways.get(id), OfflineReason.NOT_IN_REGISTRY, now));
                n++;
            }
        }
        return n;
    }
}
