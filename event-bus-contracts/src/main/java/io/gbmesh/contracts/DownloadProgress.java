package io.gbmesh.contracts;

/**
 * A download's file on its media node ({@link Addresses#DOWNLOAD_PROGRESS}), published four times a
 * second while it runs and once when its stream closed ({@code finished}, with the node's close
 * reason): the media time written ({@code mediaMillis}), the file's size ({@code fileBytes}), the RTP
 * payload received ({@code receivedBytes}) and the error that stopped the file, if any.
 */
public record DownloadProgress(String streamId, String mediaNode, long mediaMillis, long fileBytes, long receivedBytes,
                               boolean finished, String reason, String error, long at) implements MeshMessage {
}
