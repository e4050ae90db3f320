package io.gbmesh.gateway;

import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import java.util.ArrayDeque;

/**
 * Queries each owned device's catalog again every {@link EventSettings#catalogRefreshSeconds()}, for
 * devices that change channels without notifying: the devices are spread evenly over the period (a
 * tick a second asks its share), so that thousands of devices are not asked in the same second.
 */
final class CatalogRefresh {
    private final DeviceRegistry registry;
    private final DeviceService service;
    private final GatewayMetrics metrics;
    private final int periodSeconds;
    private final ArrayDeque<String> round = new ArrayDeque<>();
    private int perTick;
    private long roundStartedAt;

    CatalogRefresh(DeviceRegistry registry, DeviceService service, GatewayMetrics metrics, int periodSeconds) {
        this.registry = registry;
        this.service = service;
        this.metrics = metrics;
        this.periodSeconds = periodSeconds;
    }

    /** One second's share; call every second. */
    void tick(long now) {
        if (round.isEmpty()) {
            if (now - roundStartedAt < periodSeconds * 1000L) {
                return;
            }
            roundStartedAt = now;
            round.addAll(registry.ownedIds());
            perTick = Math.max(1, (int) Math.ceil(round.size() / (double) periodSeconds));
        }
        for (int i = 0; i < perTick && !round.isEmpty(); i++) {
            OwnedDevice device = registry.owned(round.poll());
            if (device != null) {
                metrics.count("catalog.refresh");
                service.catalog(device).onFailure(err -> metrics.count("catalog.refresh.failed"));
            }
        }
    }
}
