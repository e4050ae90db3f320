package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.OfflineReason;
import io.vertx.core.eventbus.EventBus;
import java.util.List;

/**
 * Publishes what happens to devices on the clustered event bus; only {@link DeviceRegistry} publishes,
 * after the registry holds what the event says.
 */
final class DeviceEvents {
    private final EventBus bus;
    private final String nodeId;

    DeviceEvents(EventBus bus, String nodeId) {
        this.bus = bus;
        this.nodeId = nodeId;
    }

    void online(DeviceRegistration r, boolean refresh) {
        bus.publish(Addresses.DEVICE_ONLINE, new DeviceOnline(r.deviceId(), nodeId, r.transport(), r.remoteHost(),
                r.remotePort(), r.contact(), (int) Math.max(0, (r.expiresAt() - System.currentTimeMillis()) / 1000),
                System.currentTimeMillis(), refresh));
    }

    void offline(String deviceId, OfflineReason reason) {
        bus.publish(Addresses.DEVICE_OFFLINE, new DeviceOffline(deviceId, nodeId, reason, System.currentTimeMillis()));
    }

    void info(DeviceInfo info) {
        bus.publish(Addresses.DEVICE_INFO, new DeviceInfoUpdated(info, System.currentTimeMillis()));
    }

    void catalog(Catalog catalog, List<ChannelChange> changes) {
        bus.publish(Addresses.DEVICE_CATALOG, new CatalogUpdated(catalog, changes, System.currentTimeMillis()));
    }
}
