package io.gbmesh.contracts;

/**
 * A device's {@code MediaStatus} notification (GB/T 28181-2016 A.2.5.5), published on
 * {@link Addresses#MEDIA_STATUS} by the gateway that took it: {@code notifyType} 121 is the end of the
 * file a playback or download of {@code channelId} was replaying. {@code callId} is the Call-ID of the
 * MESSAGE that carried it: a device that sends it inside the stream's INVITE dialog names the stream
 * by it; out of dialog it is a Call-ID of its own (or null when unknown), matching no stream.
 * {@code inDialog}: the MESSAGE came in a dialog (its To had a tag), so its Call-ID is a dialog's, and
 * a Call-ID that names no stream is a dialog ended already, not a reason to guess by the channel.
 */
public record MediaStatusNotified(String deviceId, String channelId, String notifyType, long at, String callId,
                                  boolean inDialog) implements MeshMessage {
    public static final String END_OF_FILE = "121";

    /** A notification out of dialog, or whose dialog is not known. */
    public MediaStatusNotified(String deviceId, String channelId, String notifyType, long at, String callId) {
        this(deviceId, channelId, notifyType, at, callId, false);
    }

    /** A notification whose MESSAGE's Call-ID is unknown. */
    public MediaStatusNotified(String deviceId, String channelId, String notifyType, long at) {
        this(deviceId, channelId, notifyType, at, null, false);
    }

    public boolean endOfFile() {
        return END_OF_FILE.equals(notifyType);
    }
}
