package io.gbmesh.contracts;

/**
 * Sent by the gateway to the talk's media node ({@link Addresses#mediaNodeTalk(String)}) when the
 * device's INVITE came: send G.711 ({@code alaw} or mu-law, as {@code payloadType}) with this SSRC to
 * the device over {@code transport} (UDP; TCP_PASSIVE: the node listens and the device connects;
 * TCP_ACTIVE: the node connects to the device's port). Reply: {@link TalkMediaPort}.
 */
public record TalkConnect(String talkId, MediaTransport transport, String deviceHost, int devicePort, String ssrc,
                          int payloadType, boolean alaw) implements MeshMessage {
}
