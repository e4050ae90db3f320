package io.gbmesh.api.mqtt;

import io.gbmesh.api.control.ControlCalls;
import io.gbmesh.api.control.ControlInput;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlRequest.Command;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The device-control commands of MQTT, the HTTP API's control calls under other names, with the
 * same checks and statuses. The motion or device command goes in {@code action}, since
 * {@code command} names the MQTT command:
 * <ul>
 *   <li>{@code ptz} {@code deviceId, channelId, action, speed?, durationMs?};</li>
 *   <li>{@code presets} {@code deviceId, channelId} → {@code {"presets":[{id,name}]}};</li>
 *   <li>{@code preset-set}, {@code preset-call}, {@code preset-delete} {@code deviceId, channelId, preset};</li>
 *   <li>{@code ptz-precise} {@code deviceId, channelId, pan, tilt, zoom}; {@code ptz-position} {@code deviceId, channelId};</li>
 *   <li>{@code control} {@code deviceId, action (guard|unguard|alarm-reset|record|stop-record|teleboot|iframe), channelId?};</li>
 *   <li>{@code config-basic} {@code deviceId, name?, expiration?, heartBeatInterval?, heartBeatCount?}.</li>
 * </ul>
 * A command that changes something answers {@code {"ok":true,"result":{}}}; a read-only token never
 * gets here ({@link CommandIntake} refuses it with 403).
 */
final class ControlCommands {
    static final List<String> NAMES = List.of("ptz", "presets", "preset-set", "preset-call", "preset-delete", "ptz-precise",
            "ptz-position", "control", "config-basic");

    private final ControlCalls calls;

    ControlCommands(Vertx vertx, long timeoutMillis) {
        this.calls = new ControlCalls(vertx, timeoutMillis);
    }

    Future<JsonObject> handle(String name, JsonObject command) {
        DeviceControlRequest request;
        try {
            request = request(name, command);
        } catch (ControlInput.Refused e) {
            return Future.succeededFuture(Commands.error(400, e.getMessage()));
        }
        return calls.send(request)
                .map(result -> Commands.ok(new JsonObject(new LinkedHashMap<>(result.data()))))
                .otherwise(err -> err instanceof ControlCalls.Failed f ? Commands.error(f.status(), f.getMessage())
                        : Commands.error(500, String.valueOf(err.getMessage())));
    }

    private static DeviceControlRequest request(String name, JsonObject c) {
        String deviceId = ControlInput.id("deviceId", c.getValue("deviceId"));
        return switch (name) {
            case "control" -> ControlInput.device(deviceId, "action", c);
            case "config-basic" -> ControlInput.basicConfig(deviceId, c);
            default -> channelRequest(name, deviceId, ControlInput.id("channelId", c.getValue("channelId")), c);
        };
    }

    private static DeviceControlRequest channelRequest(String name, String deviceId, String channelId, JsonObject c) {
        return switch (name) {
            case "ptz" -> ControlInput.ptz(deviceId, channelId, "action", c);
            case "presets" -> DeviceControlRequest.of(deviceId, channelId, Command.PRESET_LIST);
            case "preset-set" -> ControlInput.preset(deviceId, channelId, Command.PRESET_SET,
                    ControlInput.presetNumber("preset", c.getValue("preset")));
            case "preset-call" -> ControlInput.preset(deviceId, channelId, Command.PRESET_CALL,
                    ControlInput.presetNumber("preset", c.getValue("preset")));
            case "preset-delete" -> ControlInput.preset(deviceId, channelId, Command.PRESET_DELETE,
                    ControlInput.presetNumber("preset", c.getValue("preset")));
            case "ptz-precise" -> ControlInput.precise(deviceId, channelId, c);
            default -> DeviceControlRequest.of(deviceId, channelId, Command.PTZ_POSITION);
        };
    }
}
