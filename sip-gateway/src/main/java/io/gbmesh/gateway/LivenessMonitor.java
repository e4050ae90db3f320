package io.gbmesh.gateway;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevices;
import io.gbmesh.gateway.registry.RegistryWriter;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Marks devices offline: the ones this node owns when their keepalives stop
 * (HeartBeatCount × HeartBeatInterval) or their registration expires; and, as a slower janitor,
 * devices whose owner node is gone (nobody refreshed them well past their deadline).
 */
final class LivenessMonitor {
    private static final long ORPHAN_GRACE_MILLIS = 15_000;

    private final Vertx vertx;
    private final String nodeId;
    private final OwnedDevices owned;
    private final DeviceRegistry registry;
    private final RegistryWriter writer;
    private final DeviceEvents events;
    private final GatewayMetrics metrics;

    LivenessMonitor(Vertx vertx, String nodeId, OwnedDevices owned, DeviceRegistry registry, RegistryWriter writer,
                    DeviceEvents events, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.owned = owned;
        this.registry = registry;
        this.writer = writer;
        this.events = events;
        this.metrics = metrics;
    }

    void sweepOwned() {
        long now = System.currentTimeMillis();
        for (OwnedDevices.Owned o : owned.due(now)) {
            DeviceRegistration r = o.registration;
            OfflineReason reason = r.expiresAt() <= now ? OfflineReason.REGISTRATION_EXPIRED : OfflineReason.KEEPALIVE_TIMEOUT;
            owned.remove(r.deviceId());
            writer.cancel(r.deviceId());
            registry.removeIfOwner(r.deviceId(), nodeId).onSuccess(removed -> {
                if (removed) {
                    metrics.offline(reason);
                    events.offline(r.deviceId(), reason);
                }
            });
        }
    }

    /** Scans the cluster registry for devices left behind by a gateway node that went away. */
    void sweepOrphans() {
        registry.entries()
                .compose(entries -> vertx.executeBlocking(() -> overdueElsewhere(entries, System.currentTimeMillis())))
                .onSuccess(overdue -> {
                    for (DeviceRegistration r : overdue) {
                        registry.removeIfOwner(r.deviceId(), r.gatewayNode()).onSuccess(removed -> {
                            if (removed) {
                                OfflineReason reason = r.expiresAt() <= System.currentTimeMillis()
                                        ? OfflineReason.REGISTRATION_EXPIRED : OfflineReason.KEEPALIVE_TIMEOUT;
                                metrics.offline(reason);
                                events.offline(r.deviceId(), reason);
                            }
                        });
                    }
                });
    }

    private List<DeviceRegistration> overdueElsewhere(Map<String, String> entries, long now) {
        List<DeviceRegistration> out = new ArrayList<>();
        for (String json : entries.values()) {
            DeviceRegistration r = MeshCodec.fromJson(json, DeviceRegistration.class);
            if (!r.gatewayNode().equals(nodeId)
                    && Math.min(r.expiresAt(), r.keepaliveDeadline()) + ORPHAN_GRACE_MILLIS <= now) {
                out.add(r);
            }
        }
        return out;
    }
}
