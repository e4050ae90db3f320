package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * Serves {@link DeviceQuery}s from anywhere in the mesh: a query that lands on a node that does
 * not own the device is forwarded to the owner node's own address, found in the cluster registry.
 */
final class QueryRouter {
    private final EventBus bus;
    private final String nodeId;
    private final DeviceRegistry registry;
    private final DeviceService service;
    private final long forwardTimeoutMillis;

    QueryRouter(EventBus bus, String nodeId, DeviceRegistry registry, DeviceService service,
                long forwardTimeoutMillis) {
        this.bus = bus;
        this.nodeId = nodeId;
        this.registry = registry;
        this.service = service;
        this.forwardTimeoutMillis = forwardTimeoutMillis;
    }

    /** A query sent to the shared address: answer it here, or forward it to the owner. */
    void onShared(Message<Object> message) {
        DeviceQuery query = validate(message);
        if (query == null) {
            return;
        }
        OwnedDevice device = registry.owned(query.deviceId());
        if (device != null) {
            answer(message, query, device);
            return;
        }
        registry.lookup(query.deviceId()).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "registry unavailable: " + ar.cause().getMessage());
            } else if (ar.result() == null || ar.result().gatewayNode().equals(nodeId)) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "device " + query.deviceId() + " is not online");
            } else {
                bus.<MeshMessage>request(Addresses.gatewayNodeQuery(ar.result().gatewayNode()), query,
                        new DeliveryOptions().setSendTimeout(forwardTimeoutMillis)).onComplete(reply -> {
                    if (reply.succeeded()) {
                        message.reply(reply.result().body());
                    } else if (reply.cause() instanceof ReplyException re && re.failureCode() > 0) {
                        message.fail(re.failureCode(), re.getMessage());
                    } else {
                        message.fail(QueryFailure.DEVICE_OFFLINE, "owner gateway " + ar.result().gatewayNode()
                                + " did not answer: " + reply.cause().getMessage());
                    }
                });
            }
        });
    }

    /** A query forwarded to this node as the owner. */
    void onNode(Message<Object> message) {
        DeviceQuery query = validate(message);
        if (query == null) {
            return;
        }
        OwnedDevice device = registry.owned(query.deviceId());
        if (device == null) {
            message.fail(QueryFailure.DEVICE_OFFLINE, "device " + query.deviceId() + " is not online on " + nodeId);
            return;
        }
        answer(message, query, device);
    }

    private DeviceQuery validate(Message<Object> message) {
        if (!(message.body() instanceof DeviceQuery query) || query.kind() == null) {
            message.fail(QueryFailure.BAD_REQUEST, "expected a DeviceQuery");
            return null;
        }
        if (!DeviceIds.isValid(query.deviceId())) {
            message.fail(QueryFailure.BAD_REQUEST, "device ID must be 20 digits");
            return null;
        }
        return query;
    }

    private void answer(Message<Object> message, DeviceQuery query, OwnedDevice device) {
        service.execute(query, device).onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else if (ar.cause() instanceof QueryFailedException qf) {
                message.fail(qf.code(), qf.getMessage());
            } else {
                message.fail(QueryFailure.DEVICE_ERROR, String.valueOf(ar.cause().getMessage()));
            }
        });
    }
}
