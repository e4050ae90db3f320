package io.gbmesh.api.mqtt;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.runtime.RegistryReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commands a client sends to {@code gb/cmd/{clientId}/{requestId}}, each a JSON object with a
 * {@code command} member, answered with {@code {"ok":true,"result":...}} or
 * {@code {"ok":false,"status":<HTTP-like code>,"error":"..."}}:
 *
 * <ul>
 *   <li>{@code list-devices} [{@code offset}, {@code limit} ≤ {@value #MAX_LIMIT}, default
 *       {@value #DEFAULT_LIMIT}]: the online devices of the cluster registry, by device ID →
 *       {@code {"total","offset","devices":[registration...]}};</li>
 *   <li>{@code device-info} {@code deviceId}: asks the device ({@link DeviceQuery.Kind#DEVICE_INFO}) → its DeviceInfo;</li>
 *   <li>{@code refresh-catalog} {@code deviceId}: asks the device its channels ({@link DeviceQuery.Kind#CATALOG})
 *       → the Catalog (also published to its catalog topic by the gateway's event);</li>
 *   <li>{@code start-live} / {@code stop-stream}: the command's other members, as a JSON object, sent to
 *       {@value #LIVE_START} / {@value #LIVE_STOP}; their reply is the result.</li>
 *   <li>device control ({@link ControlCommands}): {@code ptz}, {@code presets}, {@code preset-set},
 *       {@code preset-call}, {@code preset-delete}, {@code ptz-precise}, {@code ptz-position},
 *       {@code control}, {@code config-basic}, with the HTTP API's values and statuses.</li>
 * </ul>
 * Failures of the mesh keep the codes of {@link QueryFailure}; nobody consuming an address is 503, a
 * timeout 504.
 */
final class Commands {
    static final String LIVE_START = "gb.api.live.start";
    static final String LIVE_STOP = "gb.api.live.stop";
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 1000;
    private static final Pattern DEVICE_ID = Pattern.compile("\\d{20}");

    private final Vertx vertx;
    private final RegistryReader registry;
    private final long timeoutMillis;
    private final ControlCommands control;

    Commands(Vertx vertx, RegistryReader registry, long timeoutMillis) {
        this.vertx = vertx;
        this.registry = registry;
        this.timeoutMillis = timeoutMillis;
        this.control = new ControlCommands(vertx, timeoutMillis);
    }

    static JsonObject ok(Object result) {
        return new JsonObject().put("ok", true).put("result", result);
    }

    static JsonObject error(int status, String message) {
        return new JsonObject().put("ok", false).put("status", status).put("error", message);
    }

    /** The reply to a command's payload; the future always succeeds, failures are error replies. */
    Future<JsonObject> handle(Buffer payload) {
        JsonObject command;
        try {
            Object parsed = payload.length() == 0 ? null : payload.toJsonValue();
            if (!(parsed instanceof JsonObject json)) {
                return Future.succeededFuture(error(400, "the command must be a JSON object"));
            }
            command = json;
        } catch (DecodeException e) {
            return Future.succeededFuture(error(400, "the command is not valid JSON"));
        }
        Object name = command.getValue("command");
        if (!(name instanceof String)) {
            return Future.succeededFuture(error(400, "the command needs a \"command\" member"));
        }
        Future<JsonObject> reply;
        try {
            reply = switch ((String) name) {
                case "list-devices" -> listDevices(command);
                case "device-info" -> query(command, DeviceQuery.Kind.DEVICE_INFO);
                case "refresh-catalog" -> query(command, DeviceQuery.Kind.CATALOG);
                case "start-live" -> relay(LIVE_START, command);
                case "stop-stream" -> relay(LIVE_STOP, command);
                default -> ControlCommands.NAMES.contains(name) ? control.handle((String) name, command)
                        : Future.succeededFuture(error(400, "unknown command '" + name
                        + "'; known: list-devices, device-info, refresh-catalog, start-live, stop-stream, "
                        + String.join(", ", ControlCommands.NAMES)));
            };
        } catch (ClassCastException e) {
            return Future.succeededFuture(error(400, "a member of the command has the wrong type"));
        }
        return reply.recover(err -> Future.succeededFuture(error(500, "internal error: " + err.getMessage())));
    }

    private Future<JsonObject> listDevices(JsonObject command) {
        int offset = command.getInteger("offset", 0);
        int limit = command.getInteger("limit", DEFAULT_LIMIT);
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            return Future.succeededFuture(error(400, "offset must be >= 0 and limit 1.." + MAX_LIMIT));
        }
        return registry.entries().map(entries -> {
            List<JsonObject> devices = new ArrayList<>(entries.size());
            entries.values().forEach(r -> devices.add(new JsonObject(MeshCodec.toJsonString(r))));
            devices.sort(Comparator.comparing(d -> String.valueOf(d.getValue("deviceId"))));
            JsonArray page = new JsonArray();
            devices.stream().skip(offset).limit(limit).forEach(page::add);
            return ok(new JsonObject().put("total", devices.size()).put("offset", offset).put("devices", page));
        }).otherwise(err -> error(503, "registry unavailable: " + err.getMessage()));
    }

    private Future<JsonObject> query(JsonObject command, DeviceQuery.Kind kind) {
        String deviceId = command.getString("deviceId");
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            return Future.succeededFuture(error(400, "deviceId must be 20 digits"));
        }
        return vertx.eventBus().<MeshMessage>request(Addresses.DEVICE_QUERY, DeviceQuery.of(deviceId, kind),
                        new DeliveryOptions().setSendTimeout(timeoutMillis))
                .map(reply -> ok(new JsonObject(MeshCodec.toJsonString(reply.body()))))
                .otherwise(err -> failure(err, "no SIP gateway is running"));
    }

    private Future<JsonObject> relay(String address, JsonObject command) {
        JsonObject body = command.copy();
        body.remove("command");
        return vertx.eventBus().<Object>request(address, body, new DeliveryOptions().setSendTimeout(timeoutMillis))
                .map(reply -> ok(resultOf(reply)))
                .otherwise(err -> failure(err, "live video is not available: nothing serves " + address));
    }

    private static Object resultOf(Message<Object> reply) {
        Object body = reply.body();
        if (body instanceof MeshMessage m) {
            return new JsonObject(MeshCodec.toJsonString(m));
        }
        if (body instanceof JsonObject || body instanceof JsonArray || body instanceof String || body instanceof Number
                || body instanceof Boolean || body == null) {
            return body;
        }
        return body.toString();
    }

    private static JsonObject failure(Throwable err, String noHandlers) {
        if (err instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                int code = re.failureCode() >= 400 && re.failureCode() <= 599 ? re.failureCode() : 502;
                return error(code, re.getMessage());
            }
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return error(503, noHandlers);
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return error(504, "no answer in time");
            }
        }
        return error(500, String.valueOf(err.getMessage()));
    }
}
