package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;

/**
 * Query bodies the platform sends to devices (GB/T 28181-2016 §9.5, annex A.2.4), the bodies of its
 * SUBSCRIBE requests (§9.7, §9.11, A.2.4.4) and its confirmation of an alarm (§9.4.2, A.2.6.6),
 * byte-for-byte in the layout of the reference platform: two-space indent, CRLF line ends, no line end
 * after the root's closing tag.
 */
public final class ManscdpQueries {

    /** The {@code ConfigType} for the device's basic SIP parameters (A.2.4.7). */
    public static final String CONFIG_BASIC_PARAM = "BasicParam";

    private ManscdpQueries() {
    }

    public static byte[] deviceInfo(long sn, String deviceId) {
        return simple("DeviceInfo", sn, deviceId);
    }

    public static byte[] deviceStatus(long sn, String deviceId) {
        return simple("DeviceStatus", sn, deviceId);
    }

    public static byte[] catalog(long sn, String deviceId) {
        return simple("Catalog", sn, deviceId);
    }

    /** {@code configType} is e.g. {@link #CONFIG_BASIC_PARAM}; several types may be joined with {@code /}. */
    public static byte[] configDownload(long sn, String deviceId, String configType) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, "ConfigDownload", sn)
                .element("DeviceID", deviceId)
                .element("ConfigType", configType)
                .toBytes();
    }

    /**
     * The body of a catalog SUBSCRIBE (§9.11.3): a Catalog query; the device then sends its changes as
     * NOTIFY Catalog for as long as the subscription lasts.
     */
    public static byte[] catalogSubscription(long sn, String deviceId) {
        return simple("Catalog", sn, deviceId);
    }

    /**
     * The body of an alarm SUBSCRIBE (§9.11.1, A.2.4.4; reference 6.7). Priority and method {@code "0"}
     * mean all; {@code alarmType}, {@code startTime} and {@code endTime} are left out when null or empty.
     */
    public static byte[] alarmSubscription(long sn, String deviceId, AlarmSubscription filter) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, "Alarm", sn)
                .element("DeviceID", deviceId)
                .element("StartAlarmPriority", filter.startPriority())
                .element("EndAlarmPriority", filter.endPriority())
                .element("AlarmMethod", filter.method());
        optional(writer, "AlarmType", filter.type());
        optional(writer, "StartAlarmTime", filter.startTime());
        optional(writer, "EndAlarmTime", filter.endTime());
        return writer.toBytes();
    }

    /** The body of a mobile position SUBSCRIBE (§9.11.2, A.2.4.4): a report every {@code intervalSeconds}. */
    public static byte[] mobilePositionSubscription(long sn, String deviceId, int intervalSeconds) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, "MobilePosition", sn)
                .element("DeviceID", deviceId)
                .element("Interval", intervalSeconds)
                .toBytes();
    }

    /**
     * The platform's confirmation of an alarm notification (§9.4.2 step 4, A.2.6.6): a Response Alarm
     * with the SN and DeviceID of the device's Notify and {@code Result} OK, sent as its own MESSAGE.
     */
    public static byte[] alarmConfirmation(long sn, String deviceId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Response, "Alarm", sn)
                .element("DeviceID", deviceId)
                .element("Result", "OK")
                .toBytes();
    }

    private static void optional(ManscdpWriter writer, String name, String value) {
        if (value != null && !value.isEmpty()) {
            writer.element(name, value);
        }
    }

    private static byte[] simple(String cmdType, long sn, String deviceId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, cmdType, sn)
                .element("DeviceID", deviceId)
                .toBytes();
    }
}
