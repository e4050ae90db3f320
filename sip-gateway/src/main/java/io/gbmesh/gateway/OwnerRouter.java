package io.gbmesh.gateway;

import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Serves requests about one device from anywhere in the mesh: a request that lands on a node that
 * does not own the device is forwarded to the owner node's own address, found in the cluster
 * registry; the owner runs it. Failures are replied with their {@link QueryFailure} code.
 *
 * @param <R> the request record
 */
final class OwnerRouter<R extends MeshMessage> {
    private final EventBus bus;
    private final String nodeId;
    private final DeviceRegistry registry;
    private final Class<R> type;
    private final Function<R, String> deviceId;
    private final Function<String, String> nodeAddress;
    private final BiFunction<R, OwnedDevice, Future<? extends MeshMessage>> execute;
    private final long forwardTimeoutMillis;

    OwnerRouter(EventBus bus, String nodeId, DeviceRegistry registry, Class<R> type, Function<R, String> deviceId,
                Function<String, String> nodeAddress, BiFunction<R, OwnedDevice, Future<? extends MeshMessage>> execute,
                long forwardTimeoutMillis) {
        this.bus = bus;
        this.nodeId = nodeId;
        this.registry = registry;
        this.type = type;
        this.deviceId = deviceId;
        this.nodeAddress = nodeAddress;
        this.execute = execute;
        this.forwardTimeoutMillis = forwardTimeoutMillis;
    }

    /** A request sent to the shared address: answer it here, or forward it to the owner. */
    void onShared(Message<Object> message) {
        R request = validate(message);
        if (request == null) {
            return;
        }
        String id = deviceId.apply(request);
        OwnedDevice device = registry.owned(id);
        if (device != null) {
            answer(message, request, device);
            return;
        }
        registry.lookup(id).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "registry unavailable: " + ar.cause().getMessage());
            } else if (ar.result() == null || ar.result().gatewayNode().equals(nodeId)) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "device " + id + " is not online");
            } else {
                bus.<MeshMessage>request(nodeAddress.apply(ar.result().gatewayNode()), request,
                        new DeliveryOptions().setSendTimeout(forwardTimeoutMillis)).onComplete(reply -> {
                    if (reply.succeeded()) {
                        message.reply(reply.result().body());
                    } else if (reply.cause() instanceof ReplyException re && re.failureCode() > 0) {
                        message.fail(re.failureCode(), re.getMessage());
                    } else if (reply.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.TIMEOUT) {
                        // the owner has the device but no answer came in time: that is the device's silence, not its absence
                        message.fail(QueryFailure.DEVICE_TIMEOUT, "no answer through owner gateway " + ar.result().gatewayNode()
                                + " in " + forwardTimeoutMillis + " ms");
                    } else {
                        message.fail(QueryFailure.DEVICE_OFFLINE, "owner gateway " + ar.result().gatewayNode()
                                + " did not answer: " + reply.cause().getMessage());
                    }
                });
            }
        });
    }

    /** A request forwarded to this node as the owner. */
    void onNode(Message<Object> message) {
        R request = validate(message);
        if (request == null) {
            return;
        }
        OwnedDevice device = registry.owned(deviceId.apply(request));
        if (device == null) {
            message.fail(QueryFailure.DEVICE_OFFLINE, "device " + deviceId.apply(request) + " is not online on " + nodeId);
            return;
        }
        answer(message, request, device);
    }

    private R validate(Message<Object> message) {
        if (!type.isInstance(message.body())) {
            message.fail(QueryFailure.BAD_REQUEST, "expected a " + type.getSimpleName());
            return null;
        }
        R request = type.cast(message.body());
        if (!DeviceIds.isValid(deviceId.apply(request))) {
            message.fail(QueryFailure.BAD_REQUEST, "device ID must be 20 digits");
            return null;
        }
        return request;
    }

    private void answer(Message<Object> message, R request, OwnedDevice device) {
        execute.apply(request, device).onComplete(ar -> {
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
