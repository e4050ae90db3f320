package io.gbmesh.contracts;

/**
 * A device registered (or re-registered after being offline, or was taken over by another gateway
 * node). {@code refresh} is true for a registration refresh of a device already online.
 */
public record DeviceOnline(String deviceId, String gatewayNode, Transport transport, String remoteHost,
                           int remotePort, String contact, int expiresSeconds, long at, boolean refresh)
        implements MeshMessage {
}
