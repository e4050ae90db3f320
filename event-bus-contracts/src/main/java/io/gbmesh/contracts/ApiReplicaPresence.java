package io.gbmesh.contracts;

/** A live api-service replica as it announces itself in {@link Addresses#API_REPLICAS_MAP} (entries with a time to live). */
public record ApiReplicaPresence(String nodeId, String host, int httpPort, long at) implements MeshMessage {
}
