package io.gbmesh.api.mqtt;

import io.gbmesh.contracts.DeviceOffline;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where the MQTT endpoint learns at start which devices are offline: the database, which outlives
 * every replica. The cluster registry only holds the devices that are online, so without this a
 * replica started after a device went offline would have no status for it.
 */
@FunctionalInterface
public interface OfflineDevices {
    /** No source: only the registry's online devices are known at start. */
    OfflineDevices NONE = () -> Future.succeededFuture(List.of());

    /** Every device known to be offline, as its latest offline event. */
    Future<List<DeviceOffline>> load();
}
