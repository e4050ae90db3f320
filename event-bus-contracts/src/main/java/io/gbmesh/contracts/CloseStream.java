package io.gbmesh.contracts;

/** Stop a stream: sent to its media node (frees the port) and to the gateway (sends BYE). */
public record CloseStream(String streamId, String reason) implements MeshMessage {
}
