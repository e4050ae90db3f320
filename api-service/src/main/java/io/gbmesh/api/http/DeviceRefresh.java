package io.gbmesh.api.http;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * {@code POST /devices/{deviceId}/refresh/{kind}}: asks the device now, through whichever gateway
 * node owns it ({@link Addresses#DEVICE_QUERY}), and answers with what the device said. The gateway
 * also publishes the answer, so the stored device and channels follow.
 *
 * <p>The gateway's {@link QueryFailure} codes become statuses: offline 503, no answer in time 504,
 * the device's error 502. A device the gateway does not know is not registered, hence offline: 503.
 * No gateway at all is 503; no reply from the mesh within the deadline, 504.
 */
final class DeviceRefresh {
    static final Map<String, DeviceQuery.Kind> KINDS = Map.of(
            "device-info", DeviceQuery.Kind.DEVICE_INFO,
            "catalog", DeviceQuery.Kind.CATALOG,
            "device-status", DeviceQuery.Kind.DEVICE_STATUS,
            "config-download", DeviceQuery.Kind.CONFIG_DOWNLOAD);

    private final ApiServices s;

    DeviceRefresh(ApiServices services) {
        this.s = services;
    }

    void mount(Router v1) {
        v1.post("/devices/:deviceId/refresh/:kind").handler(this::refresh);
        // the first API's name for the same call, kept for its clients
        v1.post("/devices/:deviceId/queries/:kind").handler(this::refresh);
    }

    private void refresh(RoutingContext ctx) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        DeviceQuery.Kind kind = KINDS.get(ctx.pathParam("kind"));
        if (kind == null) {
            throw ApiProblem.invalid("kind", "kind must be one of device-info, catalog, device-status, config-download");
        }
        DeviceRoutes.known(s, id)
                .compose(v -> s.vertx().eventBus().<MeshMessage>request(Addresses.DEVICE_QUERY, DeviceQuery.of(id, kind),
                                new DeliveryOptions().setSendTimeout(s.config().queryTimeoutMillis()))
                        .recover(err -> Future.failedFuture(problem(id, err))))
                .map(reply -> {
                    JsonObject answer = new JsonObject(MeshCodec.toJsonString(reply.body()));
                    answer.remove("@type");
                    return answer;
                })
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    static ApiProblem problem(String id, Throwable err) {
        if (err instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new ApiProblem(503, "no SIP gateway is running");
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new ApiProblem(504, "no answer from device " + id + " in time");
            }
            return switch (re.failureCode()) {
                case QueryFailure.DEVICE_OFFLINE, QueryFailure.UNKNOWN_DEVICE ->
                        new ApiProblem(503, "device " + id + " is offline: " + re.getMessage());
                case QueryFailure.DEVICE_TIMEOUT -> new ApiProblem(504, "device " + id + " did not answer: " + re.getMessage());
                case QueryFailure.TOO_MANY_PENDING -> new ApiProblem(429, re.getMessage());
                default -> new ApiProblem(502, "device " + id + " answered with an error: " + re.getMessage());
            };
        }
        return new ApiProblem(502, "the query failed: " + err.getMessage());
    }
}
