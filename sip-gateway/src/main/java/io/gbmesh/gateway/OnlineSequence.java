package io.gbmesh.gateway;

import io.gbmesh.gateway.registry.OwnedDevice;

/**
 * What the gateway asks a device that just came online (reference 4.1 point 6, 7.4 point 4):
 * DeviceInfo, then Catalog, then ConfigDownload BasicParam for its heartbeat settings. Each step
 * runs whether or not the previous one was answered.
 */
final class OnlineSequence {
    private final DeviceService service;
    private final GatewayMetrics metrics;

    OnlineSequence(DeviceService service, GatewayMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    void run(OwnedDevice device) {
        service.deviceInfo(device)
                .transform(ar -> {
                    if (ar.failed()) {
                        metrics.count("online.deviceinfo.failed");
                    }
                    return service.catalog(device);
                })
                .transform(ar -> {
                    if (ar.failed()) {
                        metrics.count("online.catalog.failed");
                    }
                    return service.config(device, "BasicParam");
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        metrics.count("online.config.failed");
                    }
                });
    }
}
