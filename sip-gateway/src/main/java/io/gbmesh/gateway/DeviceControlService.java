package io.gbmesh.gateway;

import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlRequest.Command;
import io.gbmesh.contracts.DeviceControlResult;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.manscdp.ControlAnswers;
import io.gbmesh.protocol.manscdp.ManscdpControls;
import io.gbmesh.protocol.ptz.LensMotion;
import io.gbmesh.protocol.ptz.PtzCommand;
import io.gbmesh.protocol.ptz.PtzMotion;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Runs a {@link DeviceControlRequest} on a device this node owns (GB/T 28181-2016 §9.3, A.2.3;
 * reference 4.3, 6.5, 6.6). PTZ motions, presets, precise PTZ, target tracking, TeleBoot and I-frame
 * are answered by the MESSAGE transaction's {@code 200} alone; guard, alarm reset, record, home
 * position and DeviceConfig by the device's {@code Response} of the same SN, whose {@code Result}
 * decides; the PTZ queries by their Response(s), several for a list.
 */
final class DeviceControlService {
    /** The longest motion a client may ask for before the gateway's own stop: ten minutes. */
    static final int MAX_DURATION_MS = 600_000;

    private final DeviceQueryClient client;
    private final DeviceRegistry registry;
    private final GatewayMetrics metrics;
    private final PtzAutoStop autoStop;

    DeviceControlService(DeviceQueryClient client, DeviceRegistry registry, GatewayMetrics metrics, PtzAutoStop autoStop) {
        this.client = client;
        this.registry = registry;
        this.metrics = metrics;
        this.autoStop = autoStop;
    }

    Future<DeviceControlResult> execute(DeviceControlRequest request, OwnedDevice device) {
        metrics.count("control." + request.command().name().toLowerCase(Locale.ROOT));
        try {
            return run(request, new ControlParams(request), device, request.target())
                    .map(data -> new DeviceControlResult(request.deviceId(), request.target(), request.command(), data));
        } catch (QueryFailedException e) {
            return Future.failedFuture(e);
        }
    }

    private Future<Map<String, Object>> run(DeviceControlRequest r, ControlParams p, OwnedDevice device, String target) {
        return switch (r.command()) {
            case PTZ -> ptz(p, device, target);
            case PRESET_SET -> presetCommand(PtzCommand.PRESET_SET, p, device, target);
            case PRESET_CALL -> presetCommand(PtzCommand.PRESET_CALL, p, device, target);
            case PRESET_DELETE -> presetCommand(PtzCommand.PRESET_DELETE, p, device, target);
            case PRESET_LIST -> presets(device, target);
            case HOME_POSITION_GET -> client.query(device, "HomePositionQuery", sn -> ManscdpControls.homePositionQuery(sn, target))
                    .map(doc -> {
                        ControlAnswers.HomePositionState h = ControlAnswers.homePosition(doc.document());
                        return data("enabled", h.enabled(), "resetTime", h.resetTime(), "presetIndex", h.presetIndex());
                    });
            case HOME_POSITION_SET -> {
                boolean enabled = p.flag(DeviceControlRequest.ENABLED, true);
                int resetTime = p.integer(DeviceControlRequest.RESET_TIME, 0, 86_400, 0);
                int preset = enabled ? p.integer(DeviceControlRequest.PRESET, 1, 255) : 0;
                yield answered(device, "DeviceControl", sn -> ManscdpControls.homePosition(sn, target, enabled, resetTime, preset));
            }
            case CRUISE_TRACKS -> client.pages(device, "CruiseTrackListQuery", sn -> ManscdpControls.cruiseTrackListQuery(sn, target),
                            new DeviceQueryClient.Paging(doc -> ControlAnswers.cruiseTracks(doc.document()).sumNum(),
                                    doc -> ControlAnswers.cruiseTracks(doc.document()).tracks().size()))
                    .map(pages -> {
                        Map<Integer, Object> tracks = new TreeMap<>();
                        pages.forEach(doc -> ControlAnswers.cruiseTracks(doc.document()).tracks()
                                .forEach(t -> tracks.putIfAbsent(t.number(), data("number", t.number(), "name", t.name()))));
                        return data("tracks", List.copyOf(tracks.values()));
                    });
            case CRUISE_TRACK -> cruiseTrack(p.integer(DeviceControlRequest.NUMBER, 0, 255), device, target);
            case PTZ_PRECISE -> {
                double pan = p.decimal(DeviceControlRequest.PAN, 0, 360);
                double tilt = p.decimal(DeviceControlRequest.TILT, -90, 90);
                double zoom = p.decimal(DeviceControlRequest.ZOOM, 0, 1000);
                yield accepted(device, sn -> ManscdpControls.ptzPrecise(sn, target, pan, tilt, zoom))
                        .onSuccess(v -> autoStop.cancel(device.deviceId(), target));
            }
            case PTZ_POSITION -> client.query(device, "PTZPosition", sn -> ManscdpControls.ptzPositionQuery(sn, target))
                    .map(doc -> {
                        ControlAnswers.PtzPosition pos = ControlAnswers.ptzPosition(doc.document());
                        return data("pan", pos.pan(), "tilt", pos.tilt(), "zoom", pos.zoom());
                    });
            case TARGET_TRACK -> {
                boolean start = p.flag(DeviceControlRequest.ENABLED, true);
                yield accepted(device, sn -> ManscdpControls.targetTrack(sn, target, start));
            }
            case GUARD, UNGUARD -> answered(device, "DeviceControl", sn -> ManscdpControls.guard(sn, target, r.command() == Command.GUARD));
            case ALARM_RESET -> answered(device, "DeviceControl", sn -> ManscdpControls.alarmReset(sn, target));
            case RECORD, STOP_RECORD -> answered(device, "DeviceControl",
                    sn -> ManscdpControls.record(sn, target, r.command() == Command.RECORD));
            case TELEBOOT -> accepted(device, sn -> ManscdpControls.teleBoot(sn, target));
            case IFRAME -> accepted(device, sn -> ManscdpControls.iFrame(sn, target));
            case CONFIG_BASIC -> configBasic(p, device);
        };
    }

    /** PTZ and lens motions; with {@code durationMs} the gateway sends the stop itself when it is over. */
    private Future<Map<String, Object>> ptz(ControlParams p, OwnedDevice device, String target) {
        String action = p.text(DeviceControlRequest.ACTION);
        PtzMotion motion = PtzMotion.byApiName(action);
        LensMotion lens = motion == null ? LensMotion.byApiName(action) : null;
        if (motion == null && lens == null) {
            throw ControlParams.bad("command must be a PTZ motion (left, right, up, down, upleft, upright, downleft, "
                    + "downright, zoomin, zoomout, stop) or a lens motion (irisopen, irisclose, focusnear, focusfar)");
        }
        int speed = p.integer(DeviceControlRequest.SPEED, 0, 255, 128);
        int duration = p.integer(DeviceControlRequest.DURATION_MS, 1, MAX_DURATION_MS, 0);
        PtzCommand command = motion != null ? PtzCommand.move(motion, speed) : PtzCommand.lens(lens, speed);
        PtzCommand stop = motion != null ? PtzCommand.stop() : PtzCommand.lensStop();
        String deviceId = device.deviceId();
        // a pending timed stop is replaced only once this command is accepted: a refused one leaves it to stop the dome
        return client.command(device, sn -> ManscdpControls.ptz(sn, target, command.toHex())).map(v -> {
            autoStop.cancel(deviceId, target);
            if (duration > 0 && !command.isStop()) {
                autoStop.schedule(deviceId, target, duration, () -> sendStop(deviceId, target, stop));
            }
            return Map.<String, Object>of();
        });
    }

    /** The timed stop goes to the device as it is registered then (it may have moved or gone). */
    private void sendStop(String deviceId, String target, PtzCommand stop) {
        OwnedDevice now = registry.owned(deviceId);
        if (now == null) {
            metrics.count("control.auto-stop.offline");
            return;
        }
        client.command(now, sn -> ManscdpControls.ptz(sn, target, stop.toHex()))
                .onSuccess(v -> metrics.count("control.auto-stop.sent"))
                .onFailure(err -> metrics.count("control.auto-stop.failed"));
    }

    private Future<Map<String, Object>> presetCommand(int code, ControlParams p, OwnedDevice device, String target) {
        int preset = p.integer(DeviceControlRequest.PRESET, 1, 255);
        PtzCommand command = PtzCommand.preset(code, preset);
        return accepted(device, sn -> ManscdpControls.ptz(sn, target, command.toHex()))
                .onSuccess(v -> autoStop.cancel(device.deviceId(), target));
    }

    private Future<Map<String, Object>> presets(OwnedDevice device, String target) {
        return client.pages(device, "PresetQuery", sn -> ManscdpControls.presetQuery(sn, target),
                        new DeviceQueryClient.Paging(doc -> ControlAnswers.presets(doc.document()).sumNum(),
                                doc -> ControlAnswers.presets(doc.document()).presets().size()))
                .map(pages -> {
                    Map<Integer, Object> presets = new TreeMap<>();
                    pages.forEach(doc -> ControlAnswers.presets(doc.document()).presets()
                            .forEach(x -> presets.putIfAbsent(x.id(), data("id", x.id(), "name", x.name()))));
                    return data("presets", List.copyOf(presets.values()));
                });
    }

    private Future<Map<String, Object>> cruiseTrack(int number, OwnedDevice device, String target) {
        return client.pages(device, "CruiseTrackQuery", sn -> ManscdpControls.cruiseTrackQuery(sn, target, number),
                        new DeviceQueryClient.Paging(doc -> ControlAnswers.cruiseTrack(doc.document()).sumNum(),
                                doc -> ControlAnswers.cruiseTrack(doc.document()).points().size()))
                .map(pages -> {
                    ControlAnswers.CruiseTrackPage first = ControlAnswers.cruiseTrack(pages.get(0).document());
                    List<Object> points = new ArrayList<>();
                    pages.forEach(doc -> ControlAnswers.cruiseTrack(doc.document()).points().forEach(pt ->
                            points.add(data("presetId", pt.presetId(), "stayTime", pt.stayTime(), "speed", pt.speed()))));
                    return data("number", first.number(), "name", first.name(), "points", points);
                });
    }

    /** DeviceConfig BasicParam; once the device accepts, the liveness follows its new heartbeat settings at once. */
    private Future<Map<String, Object>> configBasic(ControlParams p, OwnedDevice device) {
        String name = p.text(DeviceControlRequest.NAME);
        Integer expiration = p.optional(DeviceControlRequest.EXPIRATION, 30, 86_400 * 7);
        Integer interval = p.optional(DeviceControlRequest.HEARTBEAT_INTERVAL, 5, 3600);
        Integer count = p.optional(DeviceControlRequest.HEARTBEAT_COUNT, 1, 100);
        if (name == null && expiration == null && interval == null && count == null) {
            throw ControlParams.bad("nothing to configure: give name, expiration, heartBeatInterval and/or heartBeatCount");
        }
        String id = device.deviceId();
        return answered(device, "DeviceConfig", sn -> ManscdpControls.basicParam(sn, id, name, expiration, interval, count))
                .onSuccess(v -> {
                    if (interval != null || count != null) {
                        // the device's Result OK came from its bound address just now: the new clock starts from it,
                        // so a shorter interval does not count the time before it was set as missed heartbeats
                        registry.refresh(device, reg -> reg.withHeartbeat(interval != null ? interval : reg.heartbeatInterval(),
                                count != null ? count : reg.heartbeatCount()).withKeepalive(System.currentTimeMillis()));
                    }
                });
    }

    private Future<Map<String, Object>> accepted(OwnedDevice device, LongFunction<byte[]> body) {
        return client.command(device, body).map(v -> Map.of());
    }

    /** A command the device answers with a Response of the same SN: its {@code Result} decides. */
    private Future<Map<String, Object>> answered(OwnedDevice device, String cmdType, LongFunction<byte[]> body) {
        return client.query(device, cmdType, body).compose(doc -> {
            ControlAnswers.Result result = ControlAnswers.result(doc.document());
            if (result.ok()) {
                return Future.succeededFuture(Map.of());
            }
            metrics.count("control.device-error");
            return Future.failedFuture(new QueryFailedException(QueryFailure.DEVICE_ERROR,
                    "device " + device.deviceId() + " answered ERROR: " + result.reason()));
        });
    }

    private static Map<String, Object> data(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
