package io.gbmesh.gateway.registry;

import com.hazelcast.map.IMap;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.HazelcastMaps;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster-wide registry of online devices: deviceId → {@link DeviceRegistration}, and
 * deviceId → {@link Catalog}, stored as JSON so that every role reads them with the contracts alone
 * (through {@code SharedData.getAsyncMap}, the same Hazelcast maps). In a Hazelcast cluster the
 * registry talks to the maps directly, so that many registrations go out as one batch
 * ({@link #putAll}); without a cluster it uses Vert.x's local async maps.
 */
public final class DeviceRegistry {
    private final Context context;
    private final AsyncMap<String, String> devices;
    private final AsyncMap<String, String> channels;
    private final IMap<String, String> hzDevices;

    private DeviceRegistry(Context context, AsyncMap<String, String> devices, AsyncMap<String, String> channels,
                           IMap<String, String> hzDevices) {
        this.context = context;
        this.devices = devices;
        this.channels = channels;
        this.hzDevices = hzDevices;
    }

    public static Future<DeviceRegistry> open(Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        IMap<String, String> hzDevices = HazelcastMaps.of(vertx, Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> d = vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> c = vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP);
        return Future.all(d, c).map(v -> new DeviceRegistry(context, d.result(), c.result(), hzDevices));
    }

    public Future<DeviceRegistration> get(String deviceId) {
        return devices.get(deviceId).map(json -> json == null ? null : MeshCodec.fromJson(json, DeviceRegistration.class));
    }

    public Future<Void> put(DeviceRegistration registration) {
        return devices.put(registration.deviceId(), MeshCodec.toJsonString(registration));
    }

    /** Writes many entries at once: one batch per partition in a Hazelcast cluster. */
    public Future<Void> putAll(Map<String, DeviceRegistration> registrations) {
        Map<String, String> json = new HashMap<>(registrations.size() * 2);
        registrations.forEach((id, r) -> json.put(id, MeshCodec.toJsonString(r)));
        if (hzDevices != null) {
            return Future.fromCompletionStage(hzDevices.putAllAsync(json), context);
        }
        Future<Void> all = Future.succeededFuture();
        for (Map.Entry<String, String> e : json.entrySet()) {
            all = all.compose(v -> devices.put(e.getKey(), e.getValue()));
        }
        return all;
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

    public Future<Map<String, String>> entries() {
        return devices.entries();
    }

    public Future<Catalog> catalog(String deviceId) {
        return channels.get(deviceId).map(json -> json == null ? null : MeshCodec.fromJson(json, Catalog.class));
    }

    public Future<Void> putCatalog(Catalog catalog) {
        return channels.put(catalog.deviceId(), MeshCodec.toJsonString(catalog));
    }
}
