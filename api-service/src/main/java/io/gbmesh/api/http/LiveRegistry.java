package io.gbmesh.api.http;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public LiveRegistry(AsyncMap<String, String> map) {
        this.map = map;
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
        List<String> ids = List.copyOf(deviceIds);
        List<Future<Optional<DeviceRegistration>>> lookups = ids.stream().map(this::get).toList();
        return Future.join(lookups).transform(ignored -> {
            Map<String, DeviceRegistration> out = new HashMap<>();
            for (int i = 0; i < ids.size(); i++) {
                lookups.get(i).result().ifPresent(r -> out.put(r.deviceId(), r));
            }
            return Future.succeededFuture(out);
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
