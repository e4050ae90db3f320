package io.gbmesh.api.http;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.runtime.RegistryReader;
import io.vertx.core.Future;
import java.util.Collection;
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

    private final RegistryReader reader;

    public LiveRegistry(RegistryReader reader) {
        this.reader = reader;
    }

    public Future<Optional<DeviceRegistration>> get(String deviceId) {
        return reader.get(deviceId).map(Optional::ofNullable)
                .otherwise(err -> {
                    LOG.warn("cluster registry unreadable for {}: {}", deviceId, err.getMessage());
                    return Optional.empty();
                });
    }

    /** The registrations of those of {@code deviceIds} that are online. */
    public Future<Map<String, DeviceRegistration>> getAll(Collection<String> deviceIds) {
        return reader.getAll(deviceIds).otherwise(err -> {
            LOG.warn("cluster registry unreadable for {} devices: {}", deviceIds.size(), err.getMessage());
            return Map.of();
        });
    }

    /**
     * Which of {@code deviceIds} the registry holds (readable or not). Unlike the lookups above, it
     * fails when the registry cannot be read: absent must mean absent.
     */
    public Future<Set<String>> present(Collection<String> deviceIds) {
        return reader.present(deviceIds);
    }
}
