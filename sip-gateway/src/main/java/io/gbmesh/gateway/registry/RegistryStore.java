package io.gbmesh.gateway.registry;

import com.hazelcast.map.IMap;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.HazelcastMaps;
import io.gbmesh.runtime.RegistryReader;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster maps behind {@link DeviceRegistry}: deviceId → {@link DeviceRegistration} and deviceId →
 * {@link Catalog}, as JSON so that every role reads them with the contracts alone (through
 * {@link RegistryReader}). In a Hazelcast cluster many registrations go out as one batch
 * ({@link #putAll}); without a cluster it uses Vert.x's local async maps.
 */
final class RegistryStore {
    private final Context context;
    private final AsyncMap<String, String> devices;
    private final AsyncMap<String, String> channels;
    private final IMap<String, String> hzDevices;
    private final RegistryReader reader;

    private RegistryStore(Context context, AsyncMap<String, String> devices, AsyncMap<String, String> channels,
                          IMap<String, String> hzDevices, RegistryReader reader) {
        this.context = context;
        this.devices = devices;
        this.channels = channels;
        this.hzDevices = hzDevices;
        this.reader = reader;
    }

    static Future<RegistryStore> open(Vertx vertx) {
        Context context = vertx.getOrCreateContext();
        IMap<String, String> hzDevices = HazelcastMaps.of(vertx, Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> d = vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> c = vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP);
        return Future.all(d, c).map(v -> new RegistryStore(context, d.result(), c.result(), hzDevices,
                new RegistryReader(d.result(), c.result(), vertx, hzDevices)));
    }

    RegistryReader reader() {
        return reader;
    }

    Future<DeviceRegistration> get(String deviceId) {
        return reader.get(deviceId);
    }

    /** Writes many entries at once: one batch per partition in a Hazelcast cluster. */
    Future<Void> putAll(Map<String, DeviceRegistration> registrations) {
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

    /**
     * Removes the entry only if it still names {@code ownerNode} (any owner when null), so that a
     * device taken over elsewhere meanwhile is left alone.
     */
    Future<Boolean> removeIfOwner(String deviceId, String ownerNode) {
        return devices.get(deviceId).compose(json -> {
            DeviceRegistration reg = json == null ? null : decode(json);
            if (json == null || (ownerNode != null && (reg == null || !ownerNode.equals(reg.gatewayNode())))) {
                return Future.succeededFuture(false);
            }
            return devices.removeIfPresent(deviceId, json);
        });
    }

    Future<Catalog> catalog(String deviceId) {
        return reader.catalog(deviceId);
    }

    Future<Void> putCatalog(Catalog catalog) {
        return channels.put(catalog.deviceId(), MeshCodec.toJsonString(catalog));
    }

    private static DeviceRegistration decode(String json) {
        try {
            return MeshCodec.fromJson(json, DeviceRegistration.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
