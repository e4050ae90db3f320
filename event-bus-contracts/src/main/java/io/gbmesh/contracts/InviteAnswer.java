package io.gbmesh.contracts;

/**
 * The device accepted the INVITE: its dialog, its media address and the SSRC it answered; for a
 * download, the size of what it will send ({@code a=filesize}, bytes), -1 when it did not say.
 */
public record InviteAnswer(String streamId, String callId, String deviceHost, int devicePort, String answeredSsrc,
                           String gatewayNode, long fileSize) implements MeshMessage {

    /** An answer without a file size (live, or a device that gives none). */
    public InviteAnswer(String streamId, String callId, String deviceHost, int devicePort, String answeredSsrc,
                        String gatewayNode) {
        this(streamId, callId, deviceHost, devicePort, answeredSsrc, gatewayNode, -1);
    }
}
