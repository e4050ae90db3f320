package io.gbmesh.simulator;

import io.gbmesh.protocol.manscdp.ControlAnswers.CruisePoint;
import io.gbmesh.protocol.manscdp.ControlAnswers.CruiseTrackName;
import io.gbmesh.protocol.manscdp.ControlAnswers.HomePositionState;
import io.gbmesh.protocol.manscdp.ControlAnswers.Preset;
import io.gbmesh.protocol.manscdp.ControlAnswers.PtzPosition;
import io.gbmesh.protocol.manscdp.ManscdpControlReplies;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpElement;
import io.gbmesh.protocol.manscdp.ManscdpRoot;
import io.gbmesh.protocol.ptz.PtzCommand;
import io.gbmesh.protocol.ptz.PtzParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a simulated device does with the platform's DeviceControl, DeviceConfig and PTZ queries
 * (GB/T 28181-2016 A.2.3, A.2.4, 2022 additions), and the state they change, which tests read:
 * a {@link PtzState} per channel, presets with the position they keep, home position, cruise
 * tracks, guard, recording, alarm resets, I-frames, reboots, heartbeat settings.
 *
 * <p>A command can be made to fail by its element or query name ({@code PTZCmd}, {@code GuardCmd},
 * {@code RecordCmd}, {@code TeleBoot}, {@code BasicParam}, {@code PresetQuery}, ...): refused with
 * {@code 501 Not Implemented}, or answered {@code Result ERROR} (commands answered by the transaction
 * alone get {@code 400} with the reason instead), or taken with {@code 200} and never answered.
 */
public final class DeviceControls {
    /** How the device reacts: the transaction's status, Response bodies to send after it, and whether it reboots. */
    record Reaction(int status, String reason, List<byte[]> responses, boolean reboot) {
    }

    private record StoredPreset(String name, double pan, double tilt, double zoom) {
    }

    private static final Set<String> COMMANDS = Set.of("PTZCmd", "GuardCmd", "AlarmCmd", "RecordCmd", "TeleBoot",
            "IFameCmd", "HomePosition", "PTZPreciseCtrl", "TargetTrack");
    private static final Set<String> QUERIES = Set.of("PresetQuery", "HomePositionQuery", "CruiseTrackListQuery",
            "CruiseTrackQuery", "PTZPosition");

    private final String deviceId;
    private final Map<String, PtzState> ptz = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<Integer, StoredPreset>> presets = new ConcurrentHashMap<>();
    private final Map<String, HomePositionState> home = new ConcurrentHashMap<>();
    private final Map<String, Boolean> recording = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tracking = new ConcurrentHashMap<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private final Set<String> withheld = ConcurrentHashMap.newKeySet();
    private volatile boolean guarded;
    private volatile int alarmResets;
    private volatile int iFrames;
    private volatile Integer heartBeatInterval;
    private volatile Integer heartBeatCount;
    private volatile String configuredName;
    /** Presets per message of a PresetQuery answer, so that a long list comes in several. */
    private volatile int presetPageSize = 4;

    DeviceControls(String deviceId) {
        this.deviceId = deviceId;
    }

    /** The reaction to a control or PTZ query; null for any other document (the device's other answers handle it). */
    Reaction react(ManscdpDocument doc) {
        if (doc.root() == ManscdpRoot.Control && doc.isCmdType("DeviceConfig")) {
            return config(doc);
        }
        if (doc.root() == ManscdpRoot.Control && doc.isCmdType("DeviceControl")) {
            String element = doc.rootElement().childNames().stream().filter(COMMANDS::contains).findFirst().orElse(null);
            if (element == null) {
                return new Reaction(400, "No known control element", List.of(), false);
            }
            return control(doc, element);
        }
        if (doc.root() == ManscdpRoot.Query && QUERIES.stream().anyMatch(doc::isCmdType)) {
            String name = QUERIES.stream().filter(doc::isCmdType).findFirst().orElseThrow();
            if (refused.containsKey(name)) {
                return new Reaction(501, refused.get(name), List.of(), false);
            }
            return new Reaction(200, null, query(doc, name), false);
        }
        return null;
    }

    private Reaction control(ManscdpDocument doc, String element) {
        String target = doc.deviceId();
        String value = doc.text(element).orElse("");
        boolean answeredByResponse = Set.of("GuardCmd", "AlarmCmd", "RecordCmd", "HomePosition").contains(element);
        if (refused.containsKey(element)) {
            return new Reaction(501, refused.get(element), List.of(), false);
        }
        if (failing.containsKey(element)) {
            return answeredByResponse
                    ? new Reaction(200, null, List.of(ManscdpControlReplies.result(doc.sn(), target, "DeviceControl", false,
                            failing.get(element))), false)
                    : new Reaction(400, failing.get(element), List.of(), false);
        }
        if (withheld.contains(element)) {
            return new Reaction(200, null, List.of(), false);
        }
        switch (element) {
            case "PTZCmd" -> {
                try {
                    ptzCommand(target, PtzCommand.parse(value));
                } catch (PtzParseException e) {
                    return new Reaction(400, e.getMessage(), List.of(), false);
                }
            }
            case "GuardCmd" -> guarded = value.equalsIgnoreCase("SetGuard");
            case "AlarmCmd" -> alarmResets++;
            case "RecordCmd" -> recording.put(target, value.equalsIgnoreCase("Record"));
            case "IFameCmd" -> iFrames++;
            case "TargetTrack" -> tracking.put(target, !value.equalsIgnoreCase("Stop"));
            case "TeleBoot" -> {
                return new Reaction(200, null, List.of(), true);
            }
            case "HomePosition" -> {
                ManscdpElement h = doc.rootElement().child("HomePosition").orElseThrow();
                home.put(target, new HomePositionState(h.childTextOrEmpty("Enabled").equals("1"),
                        intOf(h.childTextOrEmpty("ResetTime")), intOf(h.childTextOrEmpty("PresetIndex"))));
            }
            case "PTZPreciseCtrl" -> {
                ManscdpElement c = doc.rootElement().child("PTZPreciseCtrl").orElseThrow();
                ptz(target).moveTo(doubleOf(c.childTextOrEmpty("Pan")), doubleOf(c.childTextOrEmpty("Tilt")),
                        doubleOf(c.childTextOrEmpty("Zoom")));
            }
            default -> {
                return new Reaction(400, "No known control element", List.of(), false);
            }
        }
        return new Reaction(200, null, answeredByResponse
                ? List.of(ManscdpControlReplies.result(doc.sn(), target, "DeviceControl", true, null)) : List.of(), false);
    }

    private void ptzCommand(String channel, PtzCommand command) {
        PtzState state = ptz(channel);
        TreeMap<Integer, StoredPreset> own = presets.computeIfAbsent(channel, c -> new TreeMap<>());
        switch (command.code()) {
            case PtzCommand.PRESET_SET -> {
                PtzState.Position p = state.position();
                synchronized (own) {
                    own.put(command.presetNumber(), new StoredPreset("预置点 " + command.presetNumber(), p.pan(), p.tilt(), p.zoom()));
                }
            }
            case PtzCommand.PRESET_CALL -> {
                StoredPreset p;
                synchronized (own) {
                    p = own.get(command.presetNumber());
                }
                if (p != null) {
                    state.moveTo(p.pan(), p.tilt(), p.zoom());
                }
            }
            case PtzCommand.PRESET_DELETE -> {
                synchronized (own) {
                    own.remove(command.presetNumber());
                }
            }
            default -> { }
        }
        state.apply(command);
    }

    private Reaction config(ManscdpDocument doc) {
        if (refused.containsKey("BasicParam")) {
            return new Reaction(501, refused.get("BasicParam"), List.of(), false);
        }
        boolean ok = !failing.containsKey("BasicParam");
        if (ok) {
            doc.rootElement().child("BasicParam").ifPresent(b -> {
                b.childText("Name").ifPresent(n -> configuredName = n);
                b.childText("HeartBeatInterval").ifPresent(v -> heartBeatInterval = intOf(v));
                b.childText("HeartBeatCount").ifPresent(v -> heartBeatCount = intOf(v));
            });
        }
        return new Reaction(200, null, List.of(ManscdpControlReplies.result(doc.sn(), doc.deviceId(), "DeviceConfig", ok,
                failing.get("BasicParam"))), false);
    }

    private List<byte[]> query(ManscdpDocument doc, String name) {
        String target = doc.deviceId();
        long sn = doc.sn();
        return switch (name) {
            case "PresetQuery" -> {
                List<Preset> all = new ArrayList<>();
                TreeMap<Integer, StoredPreset> own = presets.computeIfAbsent(target, c -> new TreeMap<>());
                synchronized (own) {
                    own.forEach((id, p) -> all.add(new Preset(id, p.name())));
                }
                List<byte[]> pages = new ArrayList<>();
                int size = Math.max(1, presetPageSize);
                for (int from = 0; from < all.size() || from == 0; from += size) {
                    pages.add(ManscdpControlReplies.presets(sn, target, all.size(), all.subList(from, Math.min(all.size(), from + size))));
                }
                yield pages;
            }
            case "HomePositionQuery" -> List.of(ManscdpControlReplies.homePosition(sn, target, homePosition(target)));
            case "CruiseTrackListQuery" -> List.of(ManscdpControlReplies.cruiseTracks(sn, target, 1,
                    List.of(new CruiseTrackName(1, "巡航 1"))));
            case "CruiseTrackQuery" -> List.of(ManscdpControlReplies.cruiseTrack(sn, target, 1, "巡航 1", 2,
                    List.of(new CruisePoint(1, 10, 5), new CruisePoint(2, 10, 5))));
            default -> {
                PtzState.Position p = ptz(target).position();
                yield List.of(ManscdpControlReplies.ptzPosition(sn, target, new PtzPosition(round(p.pan()), round(p.tilt()),
                        round(p.zoom()))));
            }
        };
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static int intOf(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double doubleOf(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The dome of a channel (created at pan 0, tilt 0, zoom 1). */
    public PtzState ptz(String channelId) {
        return ptz.computeIfAbsent(channelId, c -> new PtzState());
    }

    /** The preset numbers a channel holds now. */
    public Set<Integer> presets(String channelId) {
        TreeMap<Integer, StoredPreset> own = presets.computeIfAbsent(channelId, c -> new TreeMap<>());
        synchronized (own) {
            return Set.copyOf(own.keySet());
        }
    }

    public HomePositionState homePosition(String channelId) {
        return home.getOrDefault(channelId, new HomePositionState(false, 0, 0));
    }

    public boolean guarded() {
        return guarded;
    }

    public boolean recording(String targetId) {
        return recording.getOrDefault(targetId, false);
    }

    public boolean tracking(String channelId) {
        return tracking.getOrDefault(channelId, false);
    }

    public int alarmResets() {
        return alarmResets;
    }

    public int iFrames() {
        return iFrames;
    }

    /** The heartbeat interval a DeviceConfig set, or null while the configured one holds. */
    public Integer heartBeatInterval() {
        return heartBeatInterval;
    }

    public Integer heartBeatCount() {
        return heartBeatCount;
    }

    public String configuredName() {
        return configuredName;
    }

    /** From now on answers the command (element or query name) {@code 501} with {@code reason}. */
    public void refuse(String command, String reason) {
        refused.put(command, reason);
    }

    /** From now on answers the command {@code Result ERROR} with {@code reason} (or {@code 400} when it has no Response). */
    public void fail(String command, String reason) {
        failing.put(command, reason);
    }

    /** From now on takes the command (element name) with {@code 200} but sends no Response and does nothing: a lost answer. */
    public void withhold(String command) {
        withheld.add(command);
    }

    /** Back to accepting every command. */
    public void acceptAll() {
        refused.clear();
        failing.clear();
        withheld.clear();
    }

    public void presetPageSize(int size) {
        presetPageSize = size;
    }

    String deviceId() {
        return deviceId;
    }
}
