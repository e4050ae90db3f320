package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;

/**
 * Voice broadcast bodies (GB/T 28181-2016 §9.12, annex A.2.5; reference 6.12): the platform's
 * {@code Notify Broadcast} naming itself as the source and the channel that plays the audio as the
 * target, and the device's {@code Response Broadcast} with its Result.
 */
public final class ManscdpBroadcast {
    public static final String CMD_TYPE = "Broadcast";

    private ManscdpBroadcast() {
    }

    /** The platform's notification, in the reference platform's layout (two-space indent, no final line end). */
    public static byte[] notify(long sn, String sourceId, String targetId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Notify, CMD_TYPE, sn)
                .element("SourceID", sourceId)
                .element("TargetID", targetId)
                .toBytes();
    }

    /** A device's answer: {@code OK} when it will send its INVITE for the audio, {@code ERROR} when it will not. */
    public static byte[] response(long sn, String deviceId, boolean ok) {
        return ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, CMD_TYPE, sn)
                .element("DeviceID", deviceId)
                .element("Result", ok ? "OK" : "ERROR")
                .toBytes();
    }
}
