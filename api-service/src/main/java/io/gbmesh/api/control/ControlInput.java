package io.gbmesh.api.control;

import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlRequest.Command;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The control requests of the HTTP API and of MQTT commands, checked and turned into
 * {@link DeviceControlRequest}s: the same checks, and the same words when a value is refused
 * ({@link Refused}, a 400 with the field it is about).
 */
public final class ControlInput {
    private static final Pattern ID = Pattern.compile("\\d{20}");
    /** The device commands of {@code POST /devices/{id}/control}, by their API name. */
    public static final Map<String, Command> DEVICE_COMMANDS = Map.of(
            "guard", Command.GUARD, "unguard", Command.UNGUARD, "alarm-reset", Command.ALARM_RESET,
            "record", Command.RECORD, "stop-record", Command.STOP_RECORD, "teleboot", Command.TELEBOOT,
            "iframe", Command.IFRAME);
    /** The PTZ and lens motions (GB/T 28181-2016 A.3.2, A.3.3); the gateway builds their PTZCmd. */
    public static final List<String> MOTIONS = List.of("left", "right", "up", "down", "upleft", "upright", "downleft",
            "downright", "zoomin", "zoomout", "stop", "irisopen", "irisclose", "focusnear", "focusfar");
    /** The longest {@code durationMs}: the gateway's own limit. */
    public static final int MAX_DURATION_MS = 600_000;

    /** A refused value: the field and why. */
    public static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private ControlInput() {
    }

    public static String id(String field, Object value) {
        if (!(value instanceof String s) || !ID.matcher(s).matches()) {
            throw new Refused(field, field + " must be 20 digits");
        }
        return s;
    }

    /** A PTZ or lens motion at {@code speed} (0..255, default 128), stopped by the gateway after {@code durationMs} if given. */
    public static DeviceControlRequest ptz(String deviceId, String channelId, String motionField, JsonObject body) {
        Object motion = body.getValue(motionField);
        if (!(motion instanceof String m) || !MOTIONS.contains(m)) {
            throw new Refused(motionField, motionField + " must be one of " + String.join(", ", MOTIONS));
        }
        Integer speed = integer(body, "speed", 0, 255);
        Integer duration = integer(body, "durationMs", 1, MAX_DURATION_MS);
        return DeviceControlRequest.of(deviceId, channelId, Command.PTZ, DeviceControlRequest.ACTION, motion,
                DeviceControlRequest.SPEED, speed, DeviceControlRequest.DURATION_MS, duration);
    }

    /** Preset {@code n} (text from a path, 1..255). */
    public static int presetNumber(String field, Object n) {
        int value;
        try {
            value = n instanceof Number x ? x.intValue() : Integer.parseInt(String.valueOf(n));
        } catch (NumberFormatException e) {
            throw new Refused(field, field + " must be a preset number 1..255");
        }
        if (value < 1 || value > 255 || (n instanceof Number x && x.doubleValue() != value)) {
            throw new Refused(field, field + " must be a preset number 1..255");
        }
        return value;
    }

    public static DeviceControlRequest preset(String deviceId, String channelId, Command command, int preset) {
        return DeviceControlRequest.of(deviceId, channelId, command, DeviceControlRequest.PRESET, preset);
    }

    /** Home position: {@code enabled} (default true), {@code resetTime} seconds, {@code presetIndex} 1..255 when enabled. */
    public static DeviceControlRequest homePosition(String deviceId, String channelId, JsonObject body) {
        Boolean enabled = bool(body, "enabled");
        boolean on = enabled == null || enabled;
        Integer resetTime = integer(body, "resetTime", 0, 86_400);
        Integer preset = integer(body, "presetIndex", 1, 255);
        if (on && preset == null) {
            throw new Refused("presetIndex", "presetIndex (1..255) is required when the home position is enabled");
        }
        return DeviceControlRequest.of(deviceId, channelId, Command.HOME_POSITION_SET, DeviceControlRequest.ENABLED, on,
                DeviceControlRequest.RESET_TIME, resetTime, DeviceControlRequest.PRESET, preset);
    }

    /** Precise PTZ: {@code pan} 0..360, {@code tilt} -90..90 degrees, {@code zoom} 0..1000 (magnification), all required. */
    public static DeviceControlRequest precise(String deviceId, String channelId, JsonObject body) {
        return DeviceControlRequest.of(deviceId, channelId, Command.PTZ_PRECISE,
                DeviceControlRequest.PAN, decimal(body, "pan", 0, 360), DeviceControlRequest.TILT, decimal(body, "tilt", -90, 90),
                DeviceControlRequest.ZOOM, decimal(body, "zoom", 0, 1000));
    }

    public static DeviceControlRequest targetTrack(String deviceId, String channelId, JsonObject body) {
        Boolean enabled = bool(body, "enabled");
        if (enabled == null) {
            throw new Refused("enabled", "enabled (true starts tracking, false stops it) is required");
        }
        return DeviceControlRequest.of(deviceId, channelId, Command.TARGET_TRACK, DeviceControlRequest.ENABLED, enabled);
    }

    /** A device command by its API name, to the device or to {@code channelId} when given. */
    public static DeviceControlRequest device(String deviceId, String commandField, JsonObject body) {
        Command command = body.getValue(commandField) instanceof String s ? DEVICE_COMMANDS.get(s) : null;
        if (command == null) {
            throw new Refused(commandField, commandField + " must be one of guard, unguard, alarm-reset, record, stop-record, "
                    + "teleboot, iframe");
        }
        Object channel = body.getValue("channelId");
        String channelId = channel == null ? null : id("channelId", channel);
        return DeviceControlRequest.of(deviceId, channelId, command);
    }

    /** DeviceConfig BasicParam: at least one of name, expiration, heartBeatInterval, heartBeatCount. */
    public static DeviceControlRequest basicConfig(String deviceId, JsonObject body) {
        Object name = body.getValue("name");
        if (name != null && (!(name instanceof String s) || s.isEmpty() || s.length() > 64
                || s.chars().anyMatch(Character::isISOControl))) {
            throw new Refused("name", "name must be 1 to 64 characters without control characters");
        }
        Integer expiration = integer(body, "expiration", 30, 604_800);
        Integer interval = integer(body, "heartBeatInterval", 5, 3600);
        Integer count = integer(body, "heartBeatCount", 1, 100);
        if (name == null && expiration == null && interval == null && count == null) {
            throw new Refused(null, "nothing to configure: give name, expiration, heartBeatInterval and/or heartBeatCount");
        }
        return DeviceControlRequest.of(deviceId, null, Command.CONFIG_BASIC, DeviceControlRequest.NAME, name,
                DeviceControlRequest.EXPIRATION, expiration, DeviceControlRequest.HEARTBEAT_INTERVAL, interval,
                DeviceControlRequest.HEARTBEAT_COUNT, count);
    }

    static Integer integer(JsonObject body, String field, int min, int max) {
        Object v = body.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
            throw new Refused(field, field + " must be an integer " + min + ".." + max);
        }
        return n.intValue();
    }

    private static double decimal(JsonObject body, String field, double min, double max) {
        Object v = body.getValue(field);
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
            throw new Refused(field, field + " must be a number " + min + ".." + max);
        }
        return n.doubleValue();
    }

    private static Boolean bool(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof Boolean)) {
            throw new Refused(field, field + " must be true or false");
        }
        return (Boolean) v;
    }
}
