package io.gbmesh.protocol.manscdp;

/**
 * A device's {@code Notify/MediaStatus} (GB/T 28181-2016 §9.8.2 step 10, A.2.5.5): sent as a MESSAGE
 * (not in the playback dialog) when the file it plays back or downloads ends; {@code NotifyType}
 * {@value #END_OF_FILE} means the end of the file. {@code deviceId} is the channel that sent.
 */
public record MediaStatusNotify(String deviceId, long sn, String notifyType) {
    public static final String END_OF_FILE = "121";

    public static MediaStatusNotify from(ManscdpDocument document) {
        document.require(ManscdpRoot.Notify, "MediaStatus");
        String type = document.text("NotifyType").orElseThrow(() -> new ManscdpParseException("missing NotifyType"));
        return new MediaStatusNotify(document.deviceId(), document.sn(), type);
    }

    public boolean endOfFile() {
        return END_OF_FILE.equals(notifyType);
    }
}
