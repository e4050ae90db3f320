package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The cluster-wide registry of online devices (Hazelcast maps through Vert.x cluster-wide maps):
 * deviceId → {@link DeviceRegistration}, and deviceId → {@link Catalog}. Values are stored as JSON
 * so that every role reads them with the contracts alone.
 */
public final class DeviceRegistry {
    private final AsyncMap<String, String> devices;
    private final AsyncMap<String, String> channels;

    private DeviceRegistry(AsyncMap<String, String> devices, AsyncMap<String, String> channels) {
        this.devices = devices;
        this.channels = channels;
    }

    public static Future<DeviceRegistry> open(Vertx vertx) {
        Future<AsyncMap<String, String>> d = vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> c = vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP);
        return Future.all(d, c).map(v -> new DeviceRegistry(d.result(), c.result()));
    }

    public Future<DeviceRegistration> get(String deviceId) {
        return devices.get(deviceId).map(json -> json == null ? null : MeshCodec.fromJson(json, DeviceRegistration.class));
    }

    public Future<Void> put(DeviceRegistration registration) {
        return devices.put(registration.deviceId(), MeshCodec.toJsonString(registration));
    }

    /** Removes the entry only if it still names this owner, so a device taken over elsewhere is left alone. */
    public Future<Boolean> removeIfOwner(String deviceId, String ownerNode) {
        return get(deviceId).compose(reg -> {
            if (reg == null || !reg.gatewayNode().equals(ownerNode)) {
                return Future.succeededFuture(false);
            }
            return devices.removeIfPresent(deviceId, MeshCodec.toJsonString(reg));
        });
    }

    public Future<Integer> size() {
        return devices.size();
    }

    public Future<java.util.Map<String, String>> entries() {
        return devices.entries();
    }

    public Future<Catalog> catalog(String deviceId) {
        return channels.get(deviceId).map(json -> json == null ? null : MeshCodec.fromJson(json, Catalog.class));
    }

    public Future<Void> putCatalog(Catalog catalog) {
        return channels.put(catalog.deviceId(), MeshCodec.toJsonString(catalog));
    }
}
