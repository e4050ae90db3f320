package io.gbmesh.api.http;

import io.gbmesh.api.control.ControlCalls;
import io.gbmesh.api.control.ControlInput;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlRequest.Command;
import io.gbmesh.contracts.DeviceControlResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Device control (GB/T 28181 DeviceControl, DeviceConfig and the PTZ queries), each call sent to the
 * device through its owner gateway ({@link ControlCalls}): PTZ and lens motions, presets, the 2022
 * home position, cruise tracks, precise PTZ, PTZ position and target tracking on a channel; guard,
 * alarm reset, record, reboot and I-frame on a device; its basic SIP configuration. A command the
 * device accepted is {@code 204}; a query answers with what the device said.
 */
public final class ControlRoutes implements ApiRoutes {
    private static final String CHANNEL = "/devices/:deviceId/channels/:channelId";
    private ControlCalls calls;

    @Override
    public void mount(Router v1, ApiServices s) {
        calls = new ControlCalls(s.vertx(), s.config().queryTimeoutMillis());
        v1.post(CHANNEL + "/ptz").handler(ctx -> command(ctx, () -> ControlInput.ptz(device(ctx), channel(ctx), "command",
                body(ctx, Set.of("command", "speed", "durationMs")))));
        v1.post(CHANNEL + "/ptz/precise").handler(ctx -> command(ctx, () -> ControlInput.precise(device(ctx), channel(ctx),
                body(ctx, Set.of("pan", "tilt", "zoom")))));
        v1.get(CHANNEL + "/ptz/position").handler(ctx -> query(ctx, () -> request(ctx, Command.PTZ_POSITION)));
        v1.get(CHANNEL + "/presets").handler(ctx -> query(ctx, () -> request(ctx, Command.PRESET_LIST)));
        v1.put(CHANNEL + "/presets/:n").handler(ctx -> command(ctx, () -> preset(ctx, Command.PRESET_SET)));
        v1.post(CHANNEL + "/presets/:n/call").handler(ctx -> command(ctx, () -> preset(ctx, Command.PRESET_CALL)));
        v1.delete(CHANNEL + "/presets/:n").handler(ctx -> command(ctx, () -> preset(ctx, Command.PRESET_DELETE)));
        v1.get(CHANNEL + "/home-position").handler(ctx -> query(ctx, () -> request(ctx, Command.HOME_POSITION_GET)));
        v1.put(CHANNEL + "/home-position").handler(ctx -> command(ctx, () -> ControlInput.homePosition(device(ctx), channel(ctx),
                body(ctx, Set.of("enabled", "resetTime", "presetIndex")))));
        v1.get(CHANNEL + "/cruise-tracks").handler(ctx -> query(ctx, () -> request(ctx, Command.CRUISE_TRACKS)));
        v1.get(CHANNEL + "/cruise-tracks/:number").handler(ctx -> query(ctx, () -> DeviceControlRequest.of(device(ctx),
                channel(ctx), Command.CRUISE_TRACK, DeviceControlRequest.NUMBER, cruiseNumber(ctx))));
        v1.post(CHANNEL + "/target-track").handler(ctx -> command(ctx, () -> ControlInput.targetTrack(device(ctx), channel(ctx),
                body(ctx, Set.of("enabled")))));
        v1.post("/devices/:deviceId/control").handler(ctx -> command(ctx, () -> ControlInput.device(device(ctx), "command",
                body(ctx, Set.of("command", "channelId")))));
        v1.put("/devices/:deviceId/config/basic").handler(ctx -> command(ctx, () -> ControlInput.basicConfig(device(ctx),
                body(ctx, Set.of("name", "expiration", "heartBeatInterval", "heartBeatCount")))));
    }

    private static String device(RoutingContext ctx) {
        return RequestChecks.deviceId(ctx, "deviceId");
    }

    private static String channel(RoutingContext ctx) {
        return RequestChecks.deviceId(ctx, "channelId");
    }

    private static DeviceControlRequest request(RoutingContext ctx, Command command) {
        return DeviceControlRequest.of(device(ctx), channel(ctx), command);
    }

    private static DeviceControlRequest preset(RoutingContext ctx, Command command) {
        if (command == Command.PRESET_SET && ctx.body() != null && ctx.body().length() > 0) {
            // GB/T 28181's preset instruction (A.3.4) has no room for a name (reference 4.3 point 6)
            body(ctx, Set.of());
        }
        return ControlInput.preset(device(ctx), channel(ctx), command, ControlInput.presetNumber("n", ctx.pathParam("n")));
    }

    private static int cruiseNumber(RoutingContext ctx) {
        try {
            int n = Integer.parseInt(ctx.pathParam("number"));
            if (n >= 0 && n <= 255) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiProblem.invalid("number", "number must be a cruise track number 0..255");
    }

    private static JsonObject body(RoutingContext ctx, Set<String> allowed) {
        return RequestChecks.jsonObject(ctx, allowed);
    }

    /** A command: {@code 204} once the device accepted it. */
    private void command(RoutingContext ctx, Supplier<DeviceControlRequest> request) {
        send(ctx, request).onSuccess(result -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    /** A query: what the device answered. */
    private void query(RoutingContext ctx, Supplier<DeviceControlRequest> request) {
        send(ctx, request).map(result -> new JsonObject(new LinkedHashMap<>(result.data())).put("deviceId", result.deviceId())
                        .put("channelId", result.channelId()))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private Future<DeviceControlResult> send(RoutingContext ctx, Supplier<DeviceControlRequest> build) {
        DeviceControlRequest request;
        try {
            request = build.get();
        } catch (ControlInput.Refused e) {
            return Future.failedFuture(ApiProblem.invalid(e.field(), e.getMessage()));
        }
        return calls.send(request).recover(err -> Future.failedFuture(err instanceof ControlCalls.Failed f
                ? new ApiProblem(f.status(), f.getMessage()) : err));
    }
}
