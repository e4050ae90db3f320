package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceConfig;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.DeviceStatus;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevices;
import io.gbmesh.gateway.registry.RegistryWriter;
import io.vertx.core.Future;

/**
 * The queries a device answers, and what the gateway keeps of the answers: device info and
 * heartbeat settings in the registry entry, the channel list in the channel map, events for all.
 */
final class DeviceService {
    private final DeviceQueryClient queries;
    private final DeviceRegistry registry;
    private final RegistryWriter writer;
    private final DeviceEvents events;

    DeviceService(DeviceQueryClient queries, DeviceRegistry registry, RegistryWriter writer, DeviceEvents events) {
        this.queries = queries;
        this.registry = registry;
        this.writer = writer;
        this.events = events;
    }

    Future<MeshMessage> execute(DeviceQuery query, OwnedDevices.Owned device) {
        return switch (query.kind()) {
            case DEVICE_INFO -> deviceInfo(device).map(m -> (MeshMessage) m);
            case DEVICE_STATUS -> status(device).map(m -> (MeshMessage) m);
            case CATALOG -> catalog(device).map(m -> (MeshMessage) m);
            case CONFIG_DOWNLOAD -> config(device, query.configType() == null ? "BasicParam" : query.configType())
                    .map(m -> (MeshMessage) m);
        };
    }

    Future<DeviceInfo> deviceInfo(OwnedDevices.Owned device) {
        String id = device.registration.deviceId();
        return queries.query(device, "DeviceInfo", sn -> DeviceBodies.deviceInfoQuery(sn, id))
                .map(DeviceBodies::deviceInfo)
                .onSuccess(info -> {
                    device.registration = device.registration.withInfo(info);
                    writer.write(device.registration);
                    events.info(info);
                });
    }

    Future<DeviceStatus> status(OwnedDevices.Owned device) {
        String id = device.registration.deviceId();
        return queries.query(device, "DeviceStatus", sn -> DeviceBodies.deviceStatusQuery(sn, id))
                .map(DeviceBodies::deviceStatus);
    }

    Future<Catalog> catalog(OwnedDevices.Owned device) {
        return queries.catalog(device).onSuccess(catalog -> {
            registry.putCatalog(catalog);
            events.catalog(catalog, java.util.List.of());
        });
    }

    Future<DeviceConfig> config(OwnedDevices.Owned device, String configType) {
        String id = device.registration.deviceId();
        return queries.query(device, "ConfigDownload", sn -> DeviceBodies.configDownloadQuery(sn, id, configType))
                .map(DeviceBodies::deviceConfig)
                .onSuccess(config -> {
                    if (config.heartBeatInterval() != null && config.heartBeatInterval() > 0) {
                        int count = config.heartBeatCount() != null && config.heartBeatCount() > 0
                                ? config.heartBeatCount() : device.registration.heartbeatCount();
                        device.registration = device.registration.withHeartbeat(config.heartBeatInterval(), count);
                        writer.write(device.registration);
                    }
                });
    }
}
