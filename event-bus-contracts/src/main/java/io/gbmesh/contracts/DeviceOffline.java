package io.gbmesh.contracts;

/** A device is offline, and why. */
public record DeviceOffline(String deviceId, String gatewayNode, OfflineReason reason, long at) implements MeshMessage {
}
