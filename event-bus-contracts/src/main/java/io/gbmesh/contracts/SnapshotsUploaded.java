package io.gbmesh.contracts;

import java.util.List;

/**
 * A device's UploadSnapShotFinished (GB/T 28181-2022): {@code channelId} of {@code deviceId} says it
 * uploaded {@code fileIds} for {@code sessionId}. The session is whatever the device sent: the api-service
 * checks it against its own.
 */
public record SnapshotsUploaded(String deviceId, String channelId, String sessionId, List<String> fileIds,
                                String gatewayNode, long at) implements MeshMessage {
    public SnapshotsUploaded {
        fileIds = fileIds == null ? List.of() : List.copyOf(fileIds);
    }
}
