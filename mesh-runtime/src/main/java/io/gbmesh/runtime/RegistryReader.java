package io.gbmesh.runtime;

import com.hazelcast.map.IMap;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster registry of online devices as every role reads it: deviceId → {@link DeviceRegistration}
 * ({@link Addresses#REGISTRY_MAP}) and deviceId → {@link Catalog} ({@link Addresses#CHANNELS_MAP}),
 * decoded here once. Only the gateway that owns a device writes its entry; everybody else reads.
 * An entry that does not decode is treated as absent (and counted): a role never fails on what
 * another one wrote.
 */
public final class RegistryReader {
    private final AsyncMap<String, String> devices;
    private final AsyncMap<String, String> channels;
    private final Vertx vertx;
    private final IMap<String, String> hzDevices;
    private final AtomicLong unreadable = new AtomicLong();

    /**
     * Reads {@code devices} and {@code channels}; with {@code hzDevices} (the same Hazelcast map as
     * {@code devices}, or null) many keys are read in one blocking {@code getAll} on a worker thread:
     * one operation per partition instead of one asynchronous round trip per key.
     */
    public RegistryReader(AsyncMap<String, String> devices, AsyncMap<String, String> channels, Vertx vertx,
                          IMap<String, String> hzDevices) {
        this.devices = devices;
        this.channels = channels;
        this.vertx = vertx;
        this.hzDevices = hzDevices;
    }

    /** Opens the cluster maps (the local ones without a cluster). */
    public static Future<RegistryReader> open(Vertx vertx) {
        Future<AsyncMap<String, String>> d = vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> c = vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP);
        return Future.all(d, c).map(v -> new RegistryReader(d.result(), c.result(), vertx,
                HazelcastMaps.of(vertx, Addresses.REGISTRY_MAP)));
    }

    /** The device's registration, or null when it is not online. */
    public Future<DeviceRegistration> get(String deviceId) {
        return devices.get(deviceId).map(json -> decode(deviceId, json));
    }

    /** The registrations of those of {@code deviceIds} that are online. */
    public Future<Map<String, DeviceRegistration>> getAll(Collection<String> deviceIds) {
        return raw(deviceIds).map(this::decodeAll);
    }

    /** Which of {@code deviceIds} the registry holds (whether their entries decode or not). */
    public Future<Set<String>> present(Collection<String> deviceIds) {
        return raw(deviceIds).map(found -> Set.copyOf(found.keySet()));
    }

    /** Every registration in the registry (decoded on a worker thread: the registry may hold many). */
    public Future<Map<String, DeviceRegistration>> entries() {
        return devices.entries().compose(all -> vertx == null ? Future.succeededFuture(decodeAll(all))
                : vertx.executeBlocking(() -> decodeAll(all), false));
    }

    public Future<Integer> size() {
        return devices.size();
    }

    /** The device's channels as its gateway last assembled them, or null. */
    public Future<Catalog> catalog(String deviceId) {
        return channels.get(deviceId).map(json -> {
            if (json == null) {
                return null;
            }
            try {
                return MeshCodec.fromJson(json, Catalog.class);
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
                return null;
            }
        });
    }

    /** Entries seen that did not decode. */
    public long unreadable() {
        return unreadable.get();
    }

    private Future<Map<String, String>> raw(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        if (hzDevices != null) {
            Set<String> keys = new HashSet<>(deviceIds);
            return vertx.executeBlocking(() -> hzDevices.getAll(keys), false);
        }
        List<String> ids = List.copyOf(deviceIds);
        List<Future<String>> lookups = ids.stream().map(devices::get).toList();
        return Future.all(lookups).map(all -> {
            Map<String, String> out = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                if (lookups.get(i).result() != null) {
                    out.put(ids.get(i), lookups.get(i).result());
                }
            }
            return out;
        });
    }

    private Map<String, DeviceRegistration> decodeAll(Map<String, String> entries) {
        Map<String, DeviceRegistration> out = new HashMap<>(entries.size() * 2);
        entries.forEach((id, json) -> {
            DeviceRegistration r = decode(id, json);
            if (r != null) {
                out.put(r.deviceId(), r);
            }
        });
        return out;
    }

    private DeviceRegistration decode(String deviceId, String json) {
        if (json == null) {
            return null;
        }
        try {
            DeviceRegistration r = MeshCodec.fromJson(json, DeviceRegistration.class);
            if (r.deviceId() == null || !r.deviceId().equals(deviceId)) {
                unreadable.incrementAndGet();
                return null;
            }
            return r;
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            return null;
        }
    }
}
