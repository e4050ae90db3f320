package io.gbmesh.contracts;

/** No RTP for a while on a stream that was flowing. */
public record StreamStalled(String streamId, String deviceId, String channelId, String mediaNode, long silentMillis, long at)
        implements MeshMessage {
}
