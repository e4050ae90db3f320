package io.gbmesh.contracts;

/**
 * A device's {@code MediaStatus} notification (GB/T 28181-2016 A.2.5.5), published on
 * {@link Addresses#MEDIA_STATUS} by the gateway that took it: {@code notifyType} 121 is the end of the
 * file a playback or download of {@code channelId} was replaying. {@code callId} is the Call-ID of the
 * MESSAGE that carried it: a device that sends it inside the stream's INVITE dialog names the stream
 * by it; out of dialog it is a Call-ID of its own (or null when unknown), matching no stream.
 */
public record MediaStatusNotified(String deviceId, String channelId, String notifyType, long at, String callId)
        implements MeshMessage {
    public static final String END_OF_FILE = "121";

    /** A notification whose MESSAGE's Call-ID is unknown. */
    public MediaStatusNotified(String deviceId, String channelId, String notifyType, long at) {
        this(deviceId, channelId, notifyType, at, null);
    }

    public boolean endOfFile() {
        return END_OF_FILE.equals(notifyType);
    }
}
