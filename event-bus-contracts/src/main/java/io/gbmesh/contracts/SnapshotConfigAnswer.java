package io.gbmesh.contracts;

/** The device's Response to a {@link SnapshotRequest}: its {@code Result} ({@code OK} or {@code ERROR}) as sent. */
public record SnapshotConfigAnswer(String sessionId, String result, String gatewayNode) implements MeshMessage {
}
