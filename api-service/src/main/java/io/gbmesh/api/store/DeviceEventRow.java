package io.gbmesh.api.store;

import java.time.Instant;

/** One line of a device's history: {@code kind} ONLINE or OFFLINE, {@code reason} an OfflineReason name for OFFLINE. */
public record DeviceEventRow(long id, String deviceId, String kind, String reason, String gatewayNode, Instant at) {
}
