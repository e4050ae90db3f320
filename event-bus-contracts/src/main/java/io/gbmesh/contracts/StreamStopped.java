package io.gbmesh.contracts;

/** A stream ended: why (closed by a user, no viewer, device BYE, stalled, invite failed) and its statistics. */
public record StreamStopped(String streamId, String deviceId, String channelId, String mediaNode, String reason,
                            StreamStats stats, long at) implements MeshMessage {
}
