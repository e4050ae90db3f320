package io.gbmesh.protocol.manscdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The device's {@code Response}s to control commands and PTZ queries (GB/T 28181-2016 A.2.6,
 * 2022 additions), read leniently: an item with an unreadable number is skipped, not the answer.
 * Multi-message answers carry {@code SumNum} (the total over all messages of one SN); a device
 * that sends one message without it has sent everything.
 */
public final class ControlAnswers {
    private ControlAnswers() {
    }

    /** {@code Result}: OK, or ERROR with the device's words when it gave any. */
    public record Result(boolean ok, String reason) {
    }

    public record Preset(int id, String name) {
    }

    /** One message of a PresetQuery answer; {@code sumNum} is -1 when the device did not say. */
    public record PresetPage(int sumNum, List<Preset> presets) {
    }

    public record HomePositionState(boolean enabled, int resetTime, int presetIndex) {
    }

    public record CruiseTrackName(int number, String name) {
    }

    public record CruiseTrackListPage(int sumNum, List<CruiseTrackName> tracks) {
    }

    public record CruisePoint(int presetId, int stayTime, int speed) {
    }

    public record CruiseTrackPage(int number, String name, int sumNum, List<CruisePoint> points) {
    }

    public record PtzPosition(double pan, double tilt, double zoom) {
    }

    /**
     * The {@code Result} of any Response: absent (query answers often leave it out) is OK; anything
     * else but OK is an error whose reason is the device's {@code Reason}, {@code ErrReason} or
     * {@code Info/Reason} text, if any.
     */
    public static Result result(ManscdpDocument doc) {
        ManscdpElement root = doc.rootElement();
        String result = root.childTextOrEmpty("Result");
        if (result.isEmpty() || result.equalsIgnoreCase("OK")) {
            return new Result(true, "");
        }
        String reason = root.childText("Reason")
                .or(() -> root.childText("ErrReason"))
                .or(() -> root.child("Info").flatMap(i -> i.childText("Reason")))
                .orElse("");
        return new Result(false, reason.isEmpty() ? "Result " + abbreviate(result) : abbreviate(reason));
    }

    public static PresetPage presets(ManscdpDocument doc) {
        doc.require(ManscdpRoot.Response, "PresetQuery");
        ManscdpElement root = doc.rootElement();
        List<Preset> presets = new ArrayList<>();
        Optional<ManscdpElement> list = root.child("PresetList");
        list.ifPresent(l -> l.children("Item").forEach(item -> {
            OptionalInt id = ManscdpNumbers.lenientInt(item.childText("PresetID"));
            if (id.isPresent()) {
                presets.add(new Preset(id.getAsInt(), item.childTextOrEmpty("PresetName")));
            }
        }));
        return new PresetPage(sumNum(root), presets);
    }

    public static HomePositionState homePosition(ManscdpDocument doc) {
        doc.require(ManscdpRoot.Response, "HomePositionQuery");
        ManscdpElement home = doc.rootElement().child("HomePosition").orElse(doc.rootElement());
        return new HomePositionState(home.childTextOrEmpty("Enabled").equals("1"),
                ManscdpNumbers.lenientInt(home.childText("ResetTime")).orElse(0),
                ManscdpNumbers.lenientInt(home.childText("PresetIndex")).orElse(0));
    }

    public static CruiseTrackListPage cruiseTracks(ManscdpDocument doc) {
        doc.require(ManscdpRoot.Response, "CruiseTrackListQuery");
        ManscdpElement root = doc.rootElement();
        Optional<ManscdpElement> list = root.child("CruiseTrackList");
        List<CruiseTrackName> tracks = new ArrayList<>();
        list.ifPresent(l -> l.children("Item").forEach(item -> {
            OptionalInt n = ManscdpNumbers.lenientInt(item.childText("Number"));
            if (n.isPresent()) {
                tracks.add(new CruiseTrackName(n.getAsInt(), item.childTextOrEmpty("Name")));
            }
        }));
        return new CruiseTrackListPage(sumNum(root), tracks);
    }

    public static CruiseTrackPage cruiseTrack(ManscdpDocument doc) {
        doc.require(ManscdpRoot.Response, "CruiseTrackQuery");
        ManscdpElement root = doc.rootElement();
        Optional<ManscdpElement> list = root.child("CruisePointList").or(() -> root.child("CruiseTrack"));
        List<CruisePoint> points = new ArrayList<>();
        list.ifPresent(l -> l.children("Item").forEach(item -> {
            OptionalInt preset = ManscdpNumbers.lenientInt(item.childText("PresetID"));
            if (preset.isPresent()) {
                points.add(new CruisePoint(preset.getAsInt(), ManscdpNumbers.lenientInt(item.childText("StayTime")).orElse(0),
                        ManscdpNumbers.lenientInt(item.childText("Speed")).orElse(0)));
            }
        }));
        return new CruiseTrackPage(ManscdpNumbers.lenientInt(root.childText("Number")).orElse(0),
                root.childTextOrEmpty("Name"), sumNum(root), points);
    }

    public static PtzPosition ptzPosition(ManscdpDocument doc) {
        doc.require(ManscdpRoot.Response, "PTZPosition");
        ManscdpElement p = doc.rootElement().child("PTZPosition").orElse(doc.rootElement());
        return new PtzPosition(number(p, "Pan"), number(p, "Tilt"), number(p, "Zoom"));
    }

    private static double number(ManscdpElement e, String name) {
        try {
            return Double.parseDouble(e.childTextOrEmpty(name));
        } catch (NumberFormatException ex) {
            throw new ManscdpParseException(name + " is not a number");
        }
    }

    /** {@code SumNum}, or -1 when the device did not say (then its one message is the whole answer). */
    private static int sumNum(ManscdpElement root) {
        return ManscdpNumbers.lenientInt(root.childText("SumNum")).orElse(-1);
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
