package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ControlAnswers.CruisePoint;
import io.gbmesh.protocol.manscdp.ControlAnswers.CruiseTrackName;
import io.gbmesh.protocol.manscdp.ControlAnswers.HomePositionState;
import io.gbmesh.protocol.manscdp.ControlAnswers.Preset;
import io.gbmesh.protocol.manscdp.ControlAnswers.PtzPosition;
import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;
import java.util.List;

/**
 * The device's answers to control commands and PTZ queries, for the device simulator, in the
 * reference devices' layout (reference 6.6: no indent, a final line end). {@code sumNum} below 0
 * leaves {@code SumNum} out, as the reference's single-message PresetQuery answer does.
 */
public final class ManscdpControlReplies {
    private ManscdpControlReplies() {
    }

    /** The Response of a {@code DeviceControl} or {@code DeviceConfig}: {@code Result} OK or ERROR (A.2.6.1, A.2.6.2). */
    public static byte[] result(long sn, String deviceId, String cmdType, boolean ok, String reason) {
        ManscdpWriter w = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, cmdType, sn)
                .element("DeviceID", deviceId)
                .element("Result", ok ? "OK" : "ERROR");
        if (!ok && reason != null && !reason.isEmpty()) {
            w.element("Reason", reason);
        }
        return w.toBytes();
    }

    public static byte[] presets(long sn, String channelId, int sumNum, List<Preset> presets) {
        ManscdpWriter w = start("PresetQuery", sn, channelId, sumNum).open("PresetList", "Num", Integer.toString(presets.size()));
        for (Preset p : presets) {
            w.open("Item").element("PresetID", p.id()).element("PresetName", p.name()).close("Item");
        }
        return w.close("PresetList").toBytes();
    }

    public static byte[] homePosition(long sn, String channelId, HomePositionState home) {
        return start("HomePositionQuery", sn, channelId, -1).element("Result", "OK")
                .open("HomePosition")
                .element("Enabled", home.enabled() ? 1 : 0)
                .element("ResetTime", home.resetTime())
                .element("PresetIndex", home.presetIndex())
                .close("HomePosition").toBytes();
    }

    public static byte[] cruiseTracks(long sn, String channelId, int sumNum, List<CruiseTrackName> tracks) {
        ManscdpWriter w = start("CruiseTrackListQuery", sn, channelId, sumNum).element("Result", "OK")
                .open("CruiseTrackList", "Num", Integer.toString(tracks.size()));
        for (CruiseTrackName t : tracks) {
            w.open("Item").element("Number", t.number()).element("Name", t.name()).close("Item");
        }
        return w.close("CruiseTrackList").toBytes();
    }

    public static byte[] cruiseTrack(long sn, String channelId, int number, String name, int sumNum, List<CruisePoint> points) {
        ManscdpWriter w = start("CruiseTrackQuery", sn, channelId, sumNum).element("Result", "OK")
                .element("Number", number).element("Name", name)
                .open("CruisePointList", "Num", Integer.toString(points.size()));
        for (CruisePoint p : points) {
            w.open("Item").element("PresetID", p.presetId()).element("StayTime", p.stayTime()).element("Speed", p.speed())
                    .close("Item");
        }
        return w.close("CruisePointList").toBytes();
    }

    public static byte[] ptzPosition(long sn, String channelId, PtzPosition position) {
        return start("PTZPosition", sn, channelId, -1).element("Result", "OK")
                .element("Pan", ManscdpNumbers.plain(position.pan()))
                .element("Tilt", ManscdpNumbers.plain(position.tilt()))
                .element("Zoom", ManscdpNumbers.plain(position.zoom()))
                .toBytes();
    }

    private static ManscdpWriter start(String cmdType, long sn, String channelId, int sumNum) {
        ManscdpWriter w = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, cmdType, sn).element("DeviceID", channelId);
        if (sumNum >= 0) {
            w.element("SumNum", sumNum);
        }
        return w;
    }
}
