package io.gbmesh.contracts;

/**
 * Sent to the media node once the device answered the INVITE: the address in the device's SDP
 * (which TCP active connects to) and the SSRC it answered ({@code y=}), which some devices change.
 */
public record StreamAnswered(String streamId, String deviceHost, int devicePort, String answeredSsrc) implements MeshMessage {
}
