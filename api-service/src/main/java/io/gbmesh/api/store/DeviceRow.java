package io.gbmesh.api.store;

import java.time.Instant;

/**
 * A device as stored. {@code name} is the alias users gave it, {@code deviceName} what the device calls
 * itself; {@code hasPassword} tells whether it has its own SIP password (never returned).
 * {@code channelsKnown} is the number of channel rows stored, {@code channelCount} what DeviceInfo said.
 * Absent values are null.
 */
public record DeviceRow(String deviceId, String name, boolean hasPassword, String deviceName, String manufacturer,
                        String model, String firmware, Integer channelCount, int channelsKnown, boolean online,
                        String transport, String remoteHost, Integer remotePort, String gatewayNode, String contact,
                        Instant registeredAt, Instant lastSeenAt, Instant expiresAt, Instant lastEventAt,
                        Instant createdAt, Instant updatedAt) {
}
