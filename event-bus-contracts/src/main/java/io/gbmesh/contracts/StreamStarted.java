package io.gbmesh.contracts;

/** The first frame of a stream arrived at its media node. */
public record StreamStarted(String streamId, String deviceId, String channelId, String mediaNode, String codec, int width,
                            int height, long at) implements MeshMessage {
}
