package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceConfig;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.DeviceStatus;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.vertx.core.Future;
import java.util.List;

/**
 * The queries a device answers, and what the gateway keeps of the answers: device info and
 * heartbeat settings in the registry entry, the channel list in the channel map, events for all.
 * The answers are recorded under the ID of the device asked, whatever ID the body carries.
 */
final class DeviceService {
    private final DeviceQueryClient queries;
    private final DeviceRegistry registry;

    DeviceService(DeviceQueryClient queries, DeviceRegistry registry) {
        this.queries = queries;
        this.registry = registry;
    }

    Future<MeshMessage> execute(DeviceQuery query, OwnedDevice device) {
        return switch (query.kind()) {
            case DEVICE_INFO -> deviceInfo(device).map(m -> (MeshMessage) m);
            case DEVICE_STATUS -> status(device).map(m -> (MeshMessage) m);
            case CATALOG -> catalog(device).map(m -> (MeshMessage) m);
            case CONFIG_DOWNLOAD -> config(device, query.configType() == null ? "BasicParam" : query.configType())
                    .map(m -> (MeshMessage) m);
        };
    }

    Future<DeviceInfo> deviceInfo(OwnedDevice device) {
        String id = device.deviceId();
        return queries.query(device, "DeviceInfo", sn -> DeviceBodies.deviceInfoQuery(sn, id))
                .map(doc -> DeviceBodies.deviceInfo(id, doc))
                .onSuccess(info -> registry.info(device, info));
    }

    Future<DeviceStatus> status(OwnedDevice device) {
        String id = device.deviceId();
        return queries.query(device, "DeviceStatus", sn -> DeviceBodies.deviceStatusQuery(sn, id))
                .map(doc -> DeviceBodies.deviceStatus(id, doc));
    }

    Future<Catalog> catalog(OwnedDevice device) {
        return queries.catalog(device).onSuccess(catalog -> registry.storeCatalog(catalog, List.of()));
    }

    Future<DeviceConfig> config(OwnedDevice device, String configType) {
        String id = device.deviceId();
        return queries.query(device, "ConfigDownload", sn -> DeviceBodies.configDownloadQuery(sn, id, configType))
                .map(doc -> DeviceBodies.deviceConfig(id, doc))
                .onSuccess(config -> {
                    if (config.heartBeatInterval() != null && config.heartBeatInterval() > 0) {
                        int count = config.heartBeatCount() != null && config.heartBeatCount() > 0
                                ? config.heartBeatCount() : device.registration().heartbeatCount();
                        registry.refresh(device, r -> r.withHeartbeat(config.heartBeatInterval(), count));
                    }
                });
    }
}
