package io.gbmesh.contracts;

/**
 * Where a device must send a stream's RTP: the media node's advertised address and bound port; and
 * where the node pushes the stream ({@code pushUrl}), or null when it does not push.
 */
public record StreamEndpoint(String streamId, String mediaNode, String host, int port, MediaTransport transport,
                             String pushUrl)
        implements MeshMessage {
}
