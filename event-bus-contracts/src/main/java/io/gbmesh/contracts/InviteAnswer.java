package io.gbmesh.contracts;

/** The device accepted the INVITE: its dialog, its media address and the SSRC it answered. */
public record InviteAnswer(String streamId, String callId, String deviceHost, int devicePort, String answeredSsrc,
                           String gatewayNode) implements MeshMessage {
}
