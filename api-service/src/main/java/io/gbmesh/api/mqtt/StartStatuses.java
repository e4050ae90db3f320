package io.gbmesh.api.mqtt;

import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceRegistration;
import java.util.List;
import java.util.Map;

/**
 * The retained statuses a replica starts with. A status already known from an event since start is
 * fresher than either source and is kept; the registry (every device in it is online) comes before
 * the database's offline devices, so a device the database still has offline but that registered
 * again since is online.
 */
final class StartStatuses {
    private StartStatuses() {
    }

    /** Registry entries (those that decode: {@link io.gbmesh.runtime.RegistryReader} leaves the others out). */
    static void fromRegistry(RetainedMessages retained, Map<String, DeviceRegistration> entries) {
        for (DeviceRegistration reg : entries.values()) {
            if (TopicFilter.isValidLevel(reg.deviceId())) {
                retained.putIfAbsent(EventTopics.status(reg.deviceId(), EventTopics.ONLINE, "registry",
                        reg.gatewayNode(), reg.registeredAt()));
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
