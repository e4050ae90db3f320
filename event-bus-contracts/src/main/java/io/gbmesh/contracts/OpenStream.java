package io.gbmesh.contracts;

/**
 * Sent by the orchestrator to one media node ({@link Addresses#mediaNode(String)}): bind a port
 * (bound first, then offered) for a stream with this SSRC. Reply: {@link StreamEndpoint}.
 * {@code sharedPort} asks for the node's one shared port demultiplexed by SSRC instead of a port
 * of its own.
 */
public record OpenStream(String streamId, String deviceId, String channelId, MediaTransport transport, String ssrc,
                         StreamKind kind, boolean sharedPort) implements MeshMessage {
}
