package io.gbmesh.contracts;

/**
 * Sent to the gateways ({@link Addresses#BROADCAST}, routed to the device's owner node): send the
 * channel a Broadcast notification and accept the device's INVITE for audio that follows, its media
 * sent by {@code mediaNode}. Reply: {@link BroadcastAnswer} once the device's INVITE is answered.
 */
public record BroadcastRequest(String talkId, String deviceId, String channelId, String mediaNode) implements MeshMessage {
}
