package io.gbmesh.contracts;

/**
 * Sent to the gateways ({@link Addresses#SNAPSHOT_REQUEST}, routed to the device's owner node): have the
 * channel take {@code snapNum} pictures {@code intervalSeconds} apart and upload each to {@code uploadUrl}
 * as part of {@code sessionId} (GB/T 28181-2022 SnapShotConfig). Reply: {@link SnapshotConfigAnswer}.
 */
public record SnapshotRequest(String sessionId, String deviceId, String channelId, int snapNum, int intervalSeconds,
                              String uploadUrl) implements MeshMessage {
}
