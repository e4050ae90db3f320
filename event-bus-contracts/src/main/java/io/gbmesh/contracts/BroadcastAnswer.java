package io.gbmesh.contracts;

/**
 * The device took the broadcast: the dialog of its INVITE (held by {@code gatewayNode}), the transport
 * it asked for (as the media node sees it), where the audio goes and in which G.711 law.
 */
public record BroadcastAnswer(String talkId, String callId, String gatewayNode, MediaTransport transport,
                              String deviceHost, int devicePort, String codec) implements MeshMessage {
}
