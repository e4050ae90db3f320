package io.gbmesh.contracts;

import java.util.HashMap;
import java.util.Map;

/**
 * A command to a device or one of its channels (GB/T 28181 DeviceControl, DeviceConfig and the PTZ
 * queries), sent to {@link Addresses#DEVICE_CONTROL}. The reply is a {@link DeviceControlResult}, or
 * a failure whose code is a {@link ControlFailure} code. {@code channelId} is the channel for PTZ
 * commands and the device itself (or null) for device commands; {@code params} holds the command's
 * values under the keys below, as text, checked by the gateway.
 */
public record DeviceControlRequest(String deviceId, String channelId, Command command, Map<String, String> params)
        implements MeshMessage {

    public enum Command {
        /** {@link #ACTION} a PTZ or lens motion name, {@link #SPEED} 0..255, optional {@link #DURATION_MS}. */
        PTZ,
        /** → {@code presets}: [{id, name}]. */
        PRESET_LIST,
        /** {@link #PRESET}, optional {@link #NAME} (kept by devices of 2022 that accept it). */
        PRESET_SET, PRESET_CALL, PRESET_DELETE,
        /** → {@code enabled}, {@code resetTime}, {@code presetIndex}. */
        HOME_POSITION_GET,
        /** {@link #ENABLED}, {@link #RESET_TIME}, {@link #PRESET}. */
        HOME_POSITION_SET,
        /** → {@code tracks}: [{number, name}]. */
        CRUISE_TRACKS,
        /** {@link #NUMBER} → {@code number}, {@code name}, {@code points}: [{presetId, stayTime, speed}]. */
        CRUISE_TRACK,
        /** {@link #PAN}, {@link #TILT}, {@link #ZOOM}. */
        PTZ_PRECISE,
        /** → {@code pan}, {@code tilt}, {@code zoom}. */
        PTZ_POSITION,
        /** {@link #ENABLED}: start or stop the device's own target tracking. */
        TARGET_TRACK,
        GUARD, UNGUARD, ALARM_RESET, RECORD, STOP_RECORD, TELEBOOT, IFRAME,
        /** {@link #NAME}, {@link #EXPIRATION}, {@link #HEARTBEAT_INTERVAL}, {@link #HEARTBEAT_COUNT}, each optional. */
        CONFIG_BASIC
    }

    public static final String ACTION = "action";
    public static final String SPEED = "speed";
    public static final String DURATION_MS = "durationMs";
    public static final String PRESET = "preset";
    public static final String NAME = "name";
    public static final String ENABLED = "enabled";
    public static final String RESET_TIME = "resetTime";
    public static final String NUMBER = "number";
    public static final String PAN = "pan";
    public static final String TILT = "tilt";
    public static final String ZOOM = "zoom";
    public static final String EXPIRATION = "expiration";
    public static final String HEARTBEAT_INTERVAL = "heartBeatInterval";
    public static final String HEARTBEAT_COUNT = "heartBeatCount";

    public DeviceControlRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    public static DeviceControlRequest of(String deviceId, String channelId, Command command, Object... keyValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                params.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
            }
        }
        return new DeviceControlRequest(deviceId, channelId, command, params);
    }

    /** The channel the command is for: the device itself when none was named. */
    public String target() {
        return channelId == null || channelId.isEmpty() ? deviceId : channelId;
    }
}
