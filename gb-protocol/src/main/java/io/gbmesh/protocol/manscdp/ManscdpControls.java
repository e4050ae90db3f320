package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;

/**
 * Control and configuration bodies the platform sends (GB/T 28181-2016 A.2.3, 2022 additions), and
 * the 2016/2022 queries of PTZ state, byte-for-byte in the reference platform's layout (reference
 * 6.5, 6.6): two-space indent, CRLF, and the {@code Info} block of a PTZ command on one line.
 */
public final class ManscdpControls {
    /** The reference platform's control priority (A.2.3.1.2: 1 highest .. 5 lowest). */
    public static final int DEFAULT_PRIORITY = 5;

    private ManscdpControls() {
    }

    /** {@code DeviceControl} with a {@code PTZCmd} (A.2.3.1.2), {@code ptzCmd} the 16 hex digits. */
    public static byte[] ptz(long sn, String channelId, String ptzCmd) {
        return control(sn, channelId)
                .element("PTZCmd", ptzCmd)
                .inline("Info", "ControlPriority", Integer.toString(DEFAULT_PRIORITY))
                .toBytes();
    }

    /** {@code GuardCmd}: {@code SetGuard} arms, {@code ResetGuard} disarms (A.2.3.1.5). */
    public static byte[] guard(long sn, String deviceId, boolean arm) {
        return control(sn, deviceId).element("GuardCmd", arm ? "SetGuard" : "ResetGuard").toBytes();
    }

    /** {@code AlarmCmd ResetAlarm} (A.2.3.1.6). */
    public static byte[] alarmReset(long sn, String deviceId) {
        return control(sn, deviceId).element("AlarmCmd", "ResetAlarm").toBytes();
    }

    /** {@code RecordCmd}: {@code Record} or {@code StopRecord} (A.2.3.1.4). */
    public static byte[] record(long sn, String deviceId, boolean start) {
        return control(sn, deviceId).element("RecordCmd", start ? "Record" : "StopRecord").toBytes();
    }

    /** {@code TeleBoot Boot}: the device restarts (A.2.3.1.3). */
    public static byte[] teleBoot(long sn, String deviceId) {
        return control(sn, deviceId).element("TeleBoot", "Boot").toBytes();
    }

    /** A key frame now: {@code IFameCmd Send}, the standard's own spelling (A.2.3.1.7). */
    public static byte[] iFrame(long sn, String deviceId) {
        return control(sn, deviceId).element("IFameCmd", "Send").toBytes();
    }

    /**
     * {@code HomePosition} (A.2.3.1.9): enabled, the seconds after which the dome returns, and the
     * preset it returns to; disabled sends only {@code Enabled 0}.
     */
    public static byte[] homePosition(long sn, String channelId, boolean enabled, int resetTime, int presetIndex) {
        ManscdpWriter w = control(sn, channelId).open("HomePosition").element("Enabled", enabled ? 1 : 0);
        if (enabled) {
            w.element("ResetTime", resetTime).element("PresetIndex", presetIndex);
        }
        return w.close("HomePosition").toBytes();
    }

    /** {@code PTZPreciseCtrl} (2022): pan 0..360 degrees, tilt -30..90 degrees, zoom the magnification. */
    public static byte[] ptzPrecise(long sn, String channelId, double pan, double tilt, double zoom) {
        return control(sn, channelId).open("PTZPreciseCtrl")
                .element("Pan", ManscdpNumbers.plain(pan))
                .element("Tilt", ManscdpNumbers.plain(tilt))
                .element("Zoom", ManscdpNumbers.plain(zoom))
                .close("PTZPreciseCtrl").toBytes();
    }

    /** {@code TargetTrack} (2022): {@code Auto} starts the device's own tracking, {@code Stop} ends it. */
    public static byte[] targetTrack(long sn, String channelId, boolean start) {
        return control(sn, channelId).element("TargetTrack", start ? "Auto" : "Stop").toBytes();
    }

    /**
     * {@code DeviceConfig} with {@code BasicParam} (A.2.3.2.1): the given fields only ({@code null}
     * leaves the device's value as it is).
     */
    public static byte[] basicParam(long sn, String deviceId, String name, Integer expiration,
                                    Integer heartBeatInterval, Integer heartBeatCount) {
        ManscdpWriter w = ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Control, "DeviceConfig", sn)
                .element("DeviceID", deviceId)
                .open("BasicParam");
        if (name != null) {
            w.element("Name", name);
        }
        if (expiration != null) {
            w.element("Expiration", expiration);
        }
        if (heartBeatInterval != null) {
            w.element("HeartBeatInterval", heartBeatInterval);
        }
        if (heartBeatCount != null) {
            w.element("HeartBeatCount", heartBeatCount);
        }
        return w.close("BasicParam").toBytes();
    }

    /** {@code PresetQuery} (A.2.4.8, reference 6.6). */
    public static byte[] presetQuery(long sn, String channelId) {
        return query("PresetQuery", sn, channelId).toBytes();
    }

    /** {@code HomePositionQuery} (2022). */
    public static byte[] homePositionQuery(long sn, String channelId) {
        return query("HomePositionQuery", sn, channelId).toBytes();
    }

    /** {@code CruiseTrackListQuery} (2022): the device's cruise tracks. */
    public static byte[] cruiseTrackListQuery(long sn, String channelId) {
        return query("CruiseTrackListQuery", sn, channelId).toBytes();
    }

    /** {@code CruiseTrackQuery} (2022): the points of cruise track {@code number}. */
    public static byte[] cruiseTrackQuery(long sn, String channelId, int number) {
        return query("CruiseTrackQuery", sn, channelId).element("Number", number).toBytes();
    }

    /** {@code PTZPosition} (2022): the dome's precise pan, tilt and zoom. */
    public static byte[] ptzPositionQuery(long sn, String channelId) {
        return query("PTZPosition", sn, channelId).toBytes();
    }

    private static ManscdpWriter control(long sn, String deviceId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Control, "DeviceControl", sn).element("DeviceID", deviceId);
    }

    private static ManscdpWriter query(String cmdType, long sn, String deviceId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, cmdType, sn).element("DeviceID", deviceId);
    }
}
