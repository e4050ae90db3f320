package io.gbmesh.contracts;

/**
 * A device's {@code MediaStatus} notification (GB/T 28181-2016 A.2.5.5), published on
 * {@link Addresses#MEDIA_STATUS} by the gateway that took it: {@code notifyType} 121 is the end of the
 * file a playback or download of {@code channelId} was replaying.
 */
public record MediaStatusNotified(String deviceId, String channelId, String notifyType, long at) implements MeshMessage {
    public static final String END_OF_FILE = "121";

    public boolean endOfFile() {
        return END_OF_FILE.equals(notifyType);
    }
}
