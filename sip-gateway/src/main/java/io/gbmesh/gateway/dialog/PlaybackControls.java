package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.PlaybackControl;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.rtsp.MansRtsp;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.function.Function;

/**
 * Playback control (GB/T 28181-2016 §9.8, annex B; reference 4.6, 6.10): a {@link PlaybackControl}
 * taken by any gateway node goes to the node holding the stream's dialog, which sends the device an
 * INFO with the MANSRTSP request (pause, resume, scale, seek), counted per dialog from CSeq 1, and
 * answers with the CSeq it went with once the device says 200. Used on the gateway's event loop.
 */
final class PlaybackControls {
    private final SipEndpoint endpoint;
    private final String serverId;
    private final String nodeId;
    private final MediaDialogs dialogs;
    private final StreamOwners owners;
    private final Function<String, OwnedDevice> owned;
    private final EventBus bus;
    private final long timeoutMillis;

    PlaybackControls(SipEndpoint endpoint, String serverId, String nodeId, MediaDialogs dialogs, StreamOwners owners,
                     Function<String, OwnedDevice> owned, EventBus bus, long timeoutMillis) {
        this.endpoint = endpoint;
        this.serverId = serverId;
        this.nodeId = nodeId;
        this.dialogs = dialogs;
        this.owners = owners;
        this.owned = owned;
        this.bus = bus;
        this.timeoutMillis = timeoutMillis;
    }

    /** The per-node address a control is forwarded to. */
    static String nodeAddress(String nodeId) {
        return "gb.gateway." + nodeId + ".playback-control";
    }

    /** What makes a control unusable, or null. */
    static String problem(PlaybackControl c) {
        if (c.streamId() == null || c.streamId().isBlank() || c.action() == null) {
            return "streamId and action are required";
        }
        if (c.action() == PlaybackControl.Action.SCALE && !(c.scale() >= 0.25 && c.scale() <= 8)) {
            return "scale must be within 0.25..8";
        }
        if (c.action() == PlaybackControl.Action.SEEK && !(c.position() >= 0 && c.position() < 1e9)) {
            return "position must be a number of seconds from 0";
        }
        return null;
    }

    void onShared(Message<Object> message) {
        PlaybackControl control = validate(message);
        if (control == null) {
            return;
        }
        if (dialogs.byStream(control.streamId()) != null) {
            reply(message, send(control));
            return;
        }
        owners.owner(control.streamId()).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "dialog map unavailable: " + ar.cause().getMessage());
            } else if (ar.result() == null || ar.result().equals(nodeId)) {
                message.fail(QueryFailure.UNKNOWN_DEVICE, "no playback dialog for stream " + control.streamId());
            } else {
                bus.request(nodeAddress(ar.result()), control, new DeliveryOptions().setSendTimeout(timeoutMillis + 2000))
                        .onComplete(r -> {
                            if (r.succeeded()) {
                                message.reply(r.result().body());
                            } else if (r.cause() instanceof ReplyException re && re.failureCode() > 0) {
                                message.fail(re.failureCode(), re.getMessage());
                            } else {
                                message.fail(QueryFailure.DEVICE_OFFLINE, "gateway " + ar.result() + " did not answer");
                            }
                        });
            }
        });
    }

    void onNode(Message<Object> message) {
        PlaybackControl control = validate(message);
        if (control != null) {
            reply(message, send(control));
        }
    }

    /** Sends the control in the stream's dialog; fails with 404 when this node holds no such dialog. */
    Future<PlaybackControl> send(PlaybackControl control) {
        MediaDialog dialog = dialogs.byStream(control.streamId());
        if (dialog == null) {
            return Future.failedFuture(new DialogFailure(QueryFailure.UNKNOWN_DEVICE, "no playback dialog for stream "
                    + control.streamId()));
        }
        long cseq = dialog.nextRtspCseq();
        MansRtsp rtsp = switch (control.action()) {
            case PAUSE -> MansRtsp.pause(cseq);
            case RESUME -> MansRtsp.resume(cseq);
            case SCALE -> MansRtsp.scale(cseq, control.scale());
            case SEEK -> MansRtsp.seek(cseq, control.position());
        };
        OwnedDevice device = owned.apply(dialog.deviceId);
        Peer peer = device != null ? device.peer() : dialog.peer;
        SipRequest info = DialogMessages.info(dialog, endpoint.newVia(peer.transport()), dialog.nextCseq(),
                SipUri.of(serverId, endpoint.advertisedHost(), endpoint.port()), endpoint.options().userAgent(), rtsp);
        endpoint.stats().increment("info.sent");
        return endpoint.request(info, peer).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(ar.cause() instanceof SipTimeoutException
                        ? new DialogFailure(QueryFailure.DEVICE_TIMEOUT, ar.cause().getMessage())
                        : new DialogFailure(QueryFailure.DEVICE_OFFLINE, "cannot reach device: " + ar.cause().getMessage()));
            }
            if (!ar.result().isSuccess()) {
                int code = ar.result().statusCode();
                return Future.failedFuture(new DialogFailure(code == 501 || code == 405 ? QueryFailure.NOT_SUPPORTED
                        : QueryFailure.DEVICE_ERROR, "device answered INFO with " + code));
            }
            return Future.succeededFuture(control.withCseq(cseq));
        });
    }

    private static PlaybackControl validate(Message<Object> message) {
        if (!(message.body() instanceof PlaybackControl c)) {
            message.fail(QueryFailure.BAD_REQUEST, "expected a PlaybackControl");
            return null;
        }
        String problem = problem(c);
        if (problem != null) {
            message.fail(QueryFailure.BAD_REQUEST, problem);
            return null;
        }
        return c;
    }

    private static void reply(Message<Object> message, Future<PlaybackControl> outcome) {
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
}
