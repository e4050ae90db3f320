package io.gbmesh.api.http;

import com.hazelcast.map.IMap;
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
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateways' cluster registry of online devices (deviceId → {@link DeviceRegistration}), read to
 * add live data to what the database says. It is a complement: when the cluster map cannot be read
 * the answer has no live part rather than failing.
 */
public final class LiveRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRegistry.class);

    private final AsyncMap<String, String> map;
    private final Vertx vertx;
    private final IMap<String, String> hzMap;

    /** Reads {@code map} key by key (a local map, in tests and single-process use). */
    public LiveRegistry(AsyncMap<String, String> map) {
        this(map, null, null);
    }

    /**
     * Reads {@code map}, and many keys at once from {@code hzMap} (the same map as Hazelcast's, or
     * null) in one blocking {@code getAll} on a worker thread: one operation per partition instead of
     * one asynchronous round trip per key.
     */
    public LiveRegistry(AsyncMap<String, String> map, Vertx vertx, IMap<String, String> hzMap) {
        this.map = map;
        this.vertx = vertx;
        this.hzMap = hzMap;
    }

    public Future<Optional<DeviceRegistration>> get(String deviceId) {
        return map.get(deviceId).map(json -> Optional.ofNullable(parse(deviceId, json)))
                .otherwise(err -> {
                    LOG.warn("cluster registry unreadable for {}: {}", deviceId, err.getMessage());
                    return Optional.empty();
                });
    }

    /** The registrations of those of {@code deviceIds} that are online. */
    public Future<Map<String, DeviceRegistration>> getAll(Collection<String> deviceIds) {
        if (deviceIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return entries(deviceIds).map(found -> {
            Map<String, DeviceRegistration> out = new HashMap<>();
            found.forEach((id, json) -> {
                DeviceRegistration r = parse(id, json);
                if (r != null) {
                    out.put(r.deviceId(), r);
                }
            });
            return out;
        }).otherwise(err -> {
            LOG.warn("cluster registry unreadable for {} devices: {}", deviceIds.size(), err.getMessage());
            return Map.of();
        });
    }

    /**
     * Which of {@code deviceIds} the registry holds (readable or not). Unlike the lookups above, it
     * fails when the registry cannot be read: absent must mean absent.
     */
    public Future<Set<String>> present(Collection<String> deviceIds) {
        return entries(deviceIds).map(found -> Set.copyOf(found.keySet()));
    }

    /** The registry's entries (deviceId → JSON) of those of {@code deviceIds} it holds; fails when it cannot be read. */
    private Future<Map<String, String>> entries(Collection<String> deviceIds) {
        if (hzMap != null) {
            Set<String> keys = new HashSet<>(deviceIds);
            return vertx.executeBlocking(() -> hzMap.getAll(keys), false);
        }
        List<String> ids = List.copyOf(deviceIds);
        List<Future<String>> lookups = ids.stream().map(map::get).toList();
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

    private static DeviceRegistration parse(String deviceId, String json) {
        if (json == null) {
            return null;
        }
        try {
            return MeshCodec.fromJson(json, DeviceRegistration.class);
        } catch (RuntimeException e) {
            LOG.warn("unreadable registry entry for {}: {}", deviceId, e.getMessage());
            return null;
        }
    }
}
