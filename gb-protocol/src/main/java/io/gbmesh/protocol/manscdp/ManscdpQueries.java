package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;

/**
 * Query bodies the platform sends to devices (GB/T 28181-2016 §9.5, annex A.2.4), byte-for-byte in the
 * layout of the reference platform: two-space indent, CRLF line ends, no line end after {@code </Query>}.
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

    private static byte[] simple(String cmdType, long sn, String deviceId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, cmdType, sn)
                .element("DeviceID", deviceId)
                .toBytes();
    }
}
