package io.gbmesh.gateway;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;

/**
 * Marks devices offline: the ones this node owns when their keepalives stop
 * (HeartBeatCount × HeartBeatInterval) or their registration expires; and, as a slower janitor,
 * devices whose owner node is gone (nobody refreshed them well past their deadline).
 */
final class LivenessMonitor {
    private static final long ORPHAN_GRACE_MILLIS = 15_000;

    private final DeviceRegistry registry;
    private final GatewayMetrics metrics;

    LivenessMonitor(DeviceRegistry registry, GatewayMetrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    void sweepOwned() {
        long now = System.currentTimeMillis();
        for (OwnedDevice o : registry.due(now)) {
            DeviceRegistration r = o.registration();
            OfflineReason reason = r.expiresAt() <= now ? OfflineReason.REGISTRATION_EXPIRED : OfflineReason.KEEPALIVE_TIMEOUT;
            registry.remove(r.deviceId(), reason).onSuccess(removed -> {
                if (removed) {
                    metrics.offline(reason);
                }
            });
        }
    }

    /** Scans the cluster registry for devices left behind by a gateway node that went away. */
    void sweepOrphans() {
        registry.overdueElsewhere(ORPHAN_GRACE_MILLIS).onSuccess(overdue -> overdue.forEach(r -> registry.removeOrphan(r)
                .onSuccess(reason -> {
                    if (reason != null) {
                        metrics.offline(reason);
                    }
                })));
    }
}
