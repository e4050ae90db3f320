package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.gateway.DeviceIds;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * Serves {@link InviteRequest}s and {@link CloseStream}s from anywhere in the mesh. An INVITE taken
 * by a node that does not own the device goes to the owner's own INVITE address (the owner found in
 * the device registry); a close goes to the node holding the stream's dialog (found in
 * {@link StreamOwners}). Used on the gateway's event loop.
 */
final class DialogRouter {
    private final EventBus bus;
    private final String nodeId;
    private final DeviceRegistry registry;
    private final StreamOwners owners;
    private final DialogClient client;
    private final long forwardTimeoutMillis;

    DialogRouter(EventBus bus, String nodeId, DeviceRegistry registry, StreamOwners owners,
                 DialogClient client, long forwardTimeoutMillis) {
        this.bus = bus;
        this.nodeId = nodeId;
        this.registry = registry;
        this.owners = owners;
        this.client = client;
        this.forwardTimeoutMillis = forwardTimeoutMillis;
    }

    /** The INVITE address of one gateway node. */
    static String nodeInvite(String nodeId) {
        return "gb.gateway." + nodeId + ".invite";
    }

    /** The close (BYE) address of one gateway node. */
    static String nodeBye(String nodeId) {
        return "gb.gateway." + nodeId + ".bye";
    }

    void onSharedInvite(Message<Object> message) {
        InviteRequest request = validate(message);
        if (request == null) {
            return;
        }
        OwnedDevice device = registry.owned(request.deviceId());
        if (device != null) {
            reply(message, client.invite(request, device));
            return;
        }
        registry.lookup(request.deviceId()).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "registry unavailable: " + ar.cause().getMessage());
            } else if (ar.result() == null || ar.result().gatewayNode().equals(nodeId)) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "device " + request.deviceId() + " is not online");
            } else {
                forward(message, nodeInvite(ar.result().gatewayNode()), request, ar.result().gatewayNode());
            }
        });
    }

    void onNodeInvite(Message<Object> message) {
        InviteRequest request = validate(message);
        if (request == null) {
            return;
        }
        OwnedDevice device = registry.owned(request.deviceId());
        if (device == null) {
            message.fail(QueryFailure.DEVICE_OFFLINE, "device " + request.deviceId() + " is not online on " + nodeId);
            return;
        }
        reply(message, client.invite(request, device));
    }

    void onSharedClose(Message<Object> message) {
        if (!(message.body() instanceof CloseStream close) || close.streamId() == null) {
            message.fail(QueryFailure.BAD_REQUEST, "expected a CloseStream");
            return;
        }
        if (client.holds(close.streamId())) {
            reply(message, client.close(close.streamId()));
            return;
        }
        owners.owner(close.streamId()).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "dialog map unavailable: " + ar.cause().getMessage());
            } else if (ar.result() == null || ar.result().equals(nodeId)) {
                // a published close reaches every node: the owner answers it, the others find nothing to do here
                message.fail(QueryFailure.UNKNOWN_DEVICE, "no dialog for stream " + close.streamId());
            } else {
                forward(message, nodeBye(ar.result()), close, ar.result());
            }
        });
    }

    void onNodeClose(Message<Object> message) {
        if (!(message.body() instanceof CloseStream close) || close.streamId() == null) {
            message.fail(QueryFailure.BAD_REQUEST, "expected a CloseStream");
            return;
        }
        reply(message, client.close(close.streamId()));
    }

    private void forward(Message<Object> message, String address, MeshMessage body, String owner) {
        bus.<Object>request(address, body, new DeliveryOptions().setSendTimeout(forwardTimeoutMillis)).onComplete(reply -> {
            if (reply.succeeded()) {
                message.reply(reply.result().body());
            } else if (reply.cause() instanceof ReplyException re && re.failureCode() > 0) {
                message.fail(re.failureCode(), re.getMessage());
            } else {
                message.fail(QueryFailure.DEVICE_OFFLINE, "owner gateway " + owner + " did not answer: " + reply.cause().getMessage());
            }
        });
    }

    private static void reply(Message<Object> message, Future<?> outcome) {
        outcome.onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else if (ar.cause() instanceof DialogFailure f) {
                message.fail(f.code(), f.getMessage());
            } else {
                message.fail(QueryFailure.DEVICE_ERROR, String.valueOf(ar.cause().getMessage()));
            }
        });
    }

    private static InviteRequest validate(Message<Object> message) {
        if (!(message.body() instanceof InviteRequest r)) {
            message.fail(QueryFailure.BAD_REQUEST, "expected an InviteRequest");
            return null;
        }
        String problem = problem(r);
        if (problem != null) {
            message.fail(QueryFailure.BAD_REQUEST, problem);
            return null;
        }
        return r;
    }

    /** What makes the request unusable, or null. */
    static String problem(InviteRequest r) {
        if (r.streamId() == null || r.streamId().isBlank()) {
            return "streamId is required";
        }
        if (!DeviceIds.isValid(r.deviceId()) || !DeviceIds.isValid(r.channelId())) {
            return "device and channel IDs must be 20 digits";
        }
        if (r.kind() == null || r.transport() == null) {
            return "kind and transport are required";
        }
        if (r.mediaHost() == null || r.mediaHost().isBlank() || r.mediaPort() < 1 || r.mediaPort() > 65535) {
            return "a media host and port are required";
        }
        if (r.ssrc() == null || !io.gbmesh.protocol.sdp.GbInviteSdp.isSsrc(r.ssrc())) {
            return "SSRC must be 10 digits";
        }
        if (r.downloadSpeed() < 0 || r.downloadSpeed() > 8) {
            return "download speed must be 1..8";
        }
        if (r.kind() != StreamKind.PLAY && (r.startTime() < 0 || r.endTime() < r.startTime())) {
            return r.kind() + " needs startTime <= endTime";
        }
        return null;
    }
}
