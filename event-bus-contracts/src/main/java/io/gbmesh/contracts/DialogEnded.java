package io.gbmesh.contracts;

/** The device ended a media dialog with BYE (or the dialog failed): the stream has no source any more. */
public record DialogEnded(String streamId, String deviceId, String channelId, String reason, long at) implements MeshMessage {
}
