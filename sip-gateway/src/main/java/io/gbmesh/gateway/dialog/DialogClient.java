package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sdp.SdpParseException;
import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipStats;
import io.gbmesh.sipstack.SipTimeoutException;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of media dialogs (reference 4.4, 6.8): INVITE a channel, ACK the device's 200
 * (again when the device retransmits it), keep the dialog, and BYE it when the stream closes.
 * Used on the gateway's event loop.
 */
final class DialogClient {
    private static final Logger LOG = LoggerFactory.getLogger(DialogClient.class);

    private final SipEndpoint endpoint;
    private final String serverId;
    private final String nodeId;
    private final MediaDialogs dialogs;
    private final StreamOwners owners;
    private final Function<String, OwnedDevice> owned;
    private final SipStats stats;
    /** Streams whose INVITE is under way; true once a close was asked for meanwhile. */
    private final Map<String, Boolean> inviting = new HashMap<>();
    private long nextCseq = 1;

    DialogClient(SipEndpoint endpoint, String serverId, String nodeId, MediaDialogs dialogs, StreamOwners owners,
                 Function<String, OwnedDevice> owned) {
        this.endpoint = endpoint;
        this.serverId = serverId;
        this.nodeId = nodeId;
        this.dialogs = dialogs;
        this.owners = owners;
        this.owned = owned;
        this.stats = endpoint.stats();
    }

    boolean holds(String streamId) {
        return dialogs.byStream(streamId) != null || inviting.containsKey(streamId);
    }

    /** INVITEs the channel on the device this node owns; the answer once the device's 200 is ACKed. */
    Future<InviteAnswer> invite(InviteRequest request, OwnedDevice device) {
        if (holds(request.streamId())) {
            return Future.failedFuture(new DialogFailure(QueryFailure.BAD_REQUEST,
                    "stream " + request.streamId() + " already has a dialog"));
        }
        Peer peer = device.peer();
        SessionDescription offer;
        try {
            offer = DialogMessages.offer(request);
        } catch (RuntimeException e) {
            return Future.failedFuture(new DialogFailure(QueryFailure.BAD_REQUEST, "cannot offer this stream: " + e.getMessage()));
        }
        long cseq = nextCseq++;
        SipRequest invite = DialogMessages.invite(serverId, endpoint.advertisedHost(), endpoint.port(), request.channelId(),
                peer.host(), peer.port(), endpoint.newVia(peer.transport()), Branches.tag(), Branches.callId(), cseq,
                endpoint.options().userAgent(), request.ssrc(), offer);
        inviting.put(request.streamId(), false);
        stats.increment("invite.sent");
        return endpoint.request(invite, peer, trying -> stats.increment("invite.provisional." + trying.statusCode()))
                .transform(ar -> {
                    boolean closeAsked = Boolean.TRUE.equals(inviting.remove(request.streamId()));
                    if (ar.failed()) {
                        stats.increment("invite.failed");
                        return Future.failedFuture(ar.cause() instanceof SipTimeoutException
                                ? new DialogFailure(QueryFailure.DEVICE_TIMEOUT, ar.cause().getMessage())
                                : new DialogFailure(QueryFailure.DEVICE_OFFLINE, "cannot reach device: " + ar.cause().getMessage()));
                    }
                    return answered(request, invite, ar.result(), peer, closeAsked);
                });
    }

    private Future<InviteAnswer> answered(InviteRequest request, SipRequest invite, SipResponse response, Peer peer,
                                          boolean closeAsked) {
        if (!response.isSuccess()) {
            stats.increment("invite.refused." + response.statusCode());
            return Future.failedFuture(new DialogFailure(QueryFailure.DEVICE_ERROR,
                    "device answered " + response.statusCode() + " " + response.reasonPhrase()));
        }
        MediaDialog dialog = MediaDialog.confirmed(request.streamId(), request.deviceId(), request.channelId(), invite,
                response, peer);
        dialog.ack = DialogMessages.ack(dialog, endpoint.newVia(peer.transport()));
        endpoint.sendRaw(dialog.ack, peer).onFailure(e -> stats.increment("ack.failed"));
        SessionDescription answer;
        try {
            answer = SessionDescription.parse(new String(response.body(), StandardCharsets.UTF_8));
            if (answer.firstMedia().isEmpty()) {
                throw new IllegalArgumentException("no m= line");
            }
        } catch (SdpParseException | IllegalArgumentException e) {
            // the device took the call but said nothing usable about its media: end the dialog it opened
            dialogs.add(dialog);
            bye(dialog);
            return Future.failedFuture(new DialogFailure(QueryFailure.DEVICE_ERROR, "device answered without a usable SDP: "
                    + e.getMessage()));
        }
        dialogs.add(dialog);
        if (closeAsked) {
            bye(dialog);
            return Future.failedFuture(new DialogFailure(QueryFailure.DEVICE_ERROR, "stream closed while it was being invited"));
        }
        stats.increment("invite.answered");
        String host = answer.connectionAddress().filter(a -> !a.equals("0.0.0.0")).orElse(peer.host());
        int port = answer.firstMedia().get().port();
        // devices of some vendors answer another SSRC than offered, and then send with it
        String ssrc = answer.ssrc().filter(s -> !s.isBlank()).orElse(request.ssrc());
        InviteAnswer reply = new InviteAnswer(request.streamId(), dialog.callId, host, port, ssrc, nodeId,
                answer.fileSize().orElse(-1));
        return owners.claim(request.streamId(), nodeId)
                .recover(e -> {
                    LOG.warn("stream {} has a dialog but the cluster map did not take it: {}", request.streamId(), e.getMessage());
                    return Future.succeededFuture();
                })
                .map(v -> reply);
    }

    /** A 200 that matched no transaction: the device did not get our ACK, so send it again (RFC 3261 §13.2.2.4). */
    void onStrayResponse(SipResponse response) {
        if (!response.isSuccess() || !response.cseq().method().equals("INVITE")) {
            return;
        }
        MediaDialog dialog = dialogs.byCallId(response.callId());
        if (dialog == null || dialog.ack == null) {
            stats.increment("invite.stray-2xx.unknown");
            return;
        }
        stats.increment("ack.retransmitted");
        endpoint.sendRaw(dialog.ack, dialog.peer);
    }

    /**
     * Closes the stream's dialog: BYE and forget it. A close that arrives while the INVITE is under
     * way is kept and done once the device answers. Fails with 404 when this node has no such stream.
     */
    Future<Void> close(String streamId) {
        if (inviting.containsKey(streamId)) {
            inviting.put(streamId, true);
            return Future.succeededFuture();
        }
        MediaDialog dialog = dialogs.byStream(streamId);
        if (dialog == null) {
            return Future.failedFuture(new DialogFailure(QueryFailure.UNKNOWN_DEVICE, "no dialog for stream " + streamId));
        }
        return bye(dialog);
    }

    private Future<Void> bye(MediaDialog dialog) {
        dialogs.remove(dialog);
        owners.release(dialog.streamId, nodeId);
        // the device may have registered again from another port since the INVITE (NAT): use where it is now
        OwnedDevice device = owned.apply(dialog.deviceId);
        Peer peer = device != null ? device.peer() : dialog.peer;
        SipRequest bye = DialogMessages.bye(dialog, endpoint.newVia(peer.transport()), dialog.nextCseq(),
                SipUri.of(serverId, endpoint.advertisedHost(), endpoint.port()), endpoint.options().userAgent());
        stats.increment("bye.sent");
        return endpoint.request(bye, peer).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(ar.cause() instanceof SipTimeoutException
                        ? new DialogFailure(QueryFailure.DEVICE_TIMEOUT, ar.cause().getMessage())
                        : new DialogFailure(QueryFailure.DEVICE_OFFLINE, "cannot reach device: " + ar.cause().getMessage()));
            }
            int code = ar.result().statusCode();
            // 481: the device had already forgotten the dialog, which is what we wanted
            if (ar.result().isSuccess() || code == 481) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(new DialogFailure(QueryFailure.DEVICE_ERROR, "device answered BYE with " + code));
        });
    }
}
