package io.gbmesh.contracts;

/** Where a device must send a stream's RTP: the media node's advertised address and bound port. */
public record StreamEndpoint(String streamId, String mediaNode, String host, int port, MediaTransport transport)
        implements MeshMessage {
}
