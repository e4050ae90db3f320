package io.gbmesh.gateway;

import io.gbmesh.gateway.registry.OwnedDevice;
import io.vertx.core.Future;

/**
 * What the gateway asks a device that just came online (reference 4.1 point 6, 7.4 point 4):
 * DeviceInfo, then Catalog, then ConfigDownload BasicParam for its heartbeat settings. Each step
 * runs whether or not the previous one was answered. {@link OnlineQueue} decides when a device's
 * sequence starts.
 */
final class OnlineSequence {
    private final DeviceService service;
    private final GatewayMetrics metrics;

    OnlineSequence(DeviceService service, GatewayMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /** Completes when the last step has its answer or failed (never fails itself). */
    Future<Void> run(OwnedDevice device) {
        return service.deviceInfo(device)
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
                .transform(ar -> {
                    if (ar.failed()) {
                        metrics.count("online.config.failed");
                    }
                    return Future.<Void>succeededFuture();
                });
    }
}
