package io.gbmesh.api.mqtt;

import io.gbmesh.contracts.DeviceOffline;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained statuses a replica starts with. A status already known from an event since start is
 * fresher than either source and is kept; the registry (every device in it is online) comes before
 * the database's offline devices, so a device the database still has offline but that registered
 * again since is online.
 */
final class StartStatuses {
    private static final Logger LOG = LoggerFactory.getLogger(StartStatuses.class);

    private StartStatuses() {
    }

    /** Registry entries: deviceId → {@code DeviceRegistration} JSON. */
    static void fromRegistry(RetainedMessages retained, Map<String, String> entries) {
        for (Map.Entry<String, String> e : entries.entrySet()) {
            try {
                JsonObject reg = new JsonObject(e.getValue());
                String deviceId = reg.getString("deviceId", e.getKey());
                if (TopicFilter.isValidLevel(deviceId)) {
                    retained.putIfAbsent(EventTopics.status(deviceId, EventTopics.ONLINE, "registry",
                            reg.getString("gatewayNode"), reg.getLong("registeredAt", 0L)));
                }
            } catch (RuntimeException malformed) {
                LOG.warn("registry entry of {} is not a registration: {}", e.getKey(), malformed.getMessage());
            }
        }
    }

    /** Offline devices from the database, after {@link #fromRegistry}. */
    static void fromDatabase(RetainedMessages retained, List<DeviceOffline> offline) {
        for (DeviceOffline d : offline) {
            if (TopicFilter.isValidLevel(d.deviceId())) {
                retained.putIfAbsent(EventTopics.status(d.deviceId(), EventTopics.OFFLINE,
                        d.reason() == null ? null : d.reason().name(), d.gatewayNode(), d.at()));
            }
        }
    }
}
