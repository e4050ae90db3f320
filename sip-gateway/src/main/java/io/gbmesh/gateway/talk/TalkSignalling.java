package io.gbmesh.gateway.talk;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.BroadcastAnswer;
import io.gbmesh.contracts.BroadcastRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkConnect;
import io.gbmesh.contracts.TalkEnded;
import io.gbmesh.contracts.TalkMediaPort;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sdp.SdpParseException;
import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sdp.Setup;
import io.gbmesh.protocol.sdp.TalkAnswerSdp;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice broadcast signalling (GB/T 28181-2016 §9.12; reference 4.7, 6.12). A {@link BroadcastRequest}
 * sends the channel a Broadcast notification and waits for the device's INVITE for audio; that INVITE
 * is taken only from the registered device at the address it registered from (a forged one is refused
 * 403 and counted), only while a broadcast to that device is pending, and only with G.711 in its SDP.
 * The talk's media node then claims its port ({@link TalkConnect}) and the INVITE is answered with our
 * SDP naming it. {@link TalkClose} ends a talk with BYE; the device's BYE ends it too, published as
 * {@link TalkEnded}. Used on the gateway's event loop.
 */
public final class TalkSignalling {
    private static final Logger LOG = LoggerFactory.getLogger(TalkSignalling.class);
    /** How long the device has to send its INVITE after the Broadcast notification. */
    static final long INVITE_WAIT_MILLIS = 15_000;
    static final long MEDIA_TIMEOUT_MILLIS = 5_000;

    private final Vertx vertx;
    private final SipEndpoint endpoint;
    private final String serverId;
    private final String nodeId;
    private final DeviceRegistry registry;
    private final BiFunction<OwnedDevice, String, Future<String>> broadcaster;
    private final SipStats stats;
    /** Broadcasts waiting for the device's INVITE, by deviceId|channelId. */
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, TalkDialog> byCallId = new HashMap<>();
    private final Map<String, TalkDialog> byTalk = new HashMap<>();

    private static final class Pending {
        final BroadcastRequest request;
        final Promise<BroadcastAnswer> answer = Promise.promise();
        long timer = -1;
        boolean inviteTaken;

        Pending(BroadcastRequest request) {
            this.request = request;
        }
    }

    /**
     * @param broadcaster sends the Broadcast notification to the device for a channel and gives the
     *                    Result of the device's Response
     */
    public TalkSignalling(Vertx vertx, SipEndpoint endpoint, String serverId, String nodeId, DeviceRegistry registry,
                          BiFunction<OwnedDevice, String, Future<String>> broadcaster) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.serverId = serverId;
        this.nodeId = nodeId;
        this.registry = registry;
        this.broadcaster = broadcaster;
        this.stats = endpoint.stats();
    }

    public Future<Void> start() {
        MessageConsumer<Object> shared = vertx.eventBus().consumer(Addresses.BROADCAST, this::onShared);
        MessageConsumer<Object> node = vertx.eventBus().consumer(Addresses.gatewayNodeTalk(nodeId), this::onNode);
        return Future.all(shared.completion(), node.completion()).mapEmpty();
    }

    /** Talks whose dialog this node holds. */
    public int activeTalks() {
        return byTalk.size();
    }

    // ---- from the mesh ----

    private void onShared(Message<Object> message) {
        if (!(message.body() instanceof BroadcastRequest request) || problem(request) != null) {
            message.fail(QueryFailure.BAD_REQUEST, message.body() instanceof BroadcastRequest r ? problem(r)
                    : "expected a BroadcastRequest");
            return;
        }
        OwnedDevice device = registry.owned(request.deviceId());
        if (device != null) {
            reply(message, broadcast(request, device));
            return;
        }
        registry.lookup(request.deviceId()).onComplete(ar -> {
            if (ar.failed() || ar.result() == null || ar.result().gatewayNode().equals(nodeId)) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "device " + request.deviceId() + " is not online");
                return;
            }
            String owner = ar.result().gatewayNode();
            vertx.eventBus().request(Addresses.gatewayNodeTalk(owner), request,
                    new DeliveryOptions().setSendTimeout(INVITE_WAIT_MILLIS + 10_000)).onComplete(fwd -> {
                if (fwd.succeeded()) {
                    message.reply(fwd.result().body());
                } else if (fwd.cause() instanceof ReplyException re && re.failureCode() > 0) {
                    message.fail(re.failureCode(), re.getMessage());
                } else {
                    message.fail(QueryFailure.DEVICE_OFFLINE, "owner gateway " + owner + " did not answer: " + fwd.cause().getMessage());
                }
            });
        });
    }

    private void onNode(Message<Object> message) {
        if (message.body() instanceof TalkClose close && close.talkId() != null) {
            reply(message, close(close.talkId()).map(v -> close));
        } else if (message.body() instanceof BroadcastRequest request && problem(request) == null) {
            OwnedDevice device = registry.owned(request.deviceId());
            if (device == null) {
                message.fail(QueryFailure.DEVICE_OFFLINE, "device " + request.deviceId() + " is not online on " + nodeId);
            } else {
                reply(message, broadcast(request, device));
            }
        } else {
            message.fail(QueryFailure.BAD_REQUEST, "expected a BroadcastRequest or a TalkClose");
        }
    }

    static String problem(BroadcastRequest r) {
        if (r.talkId() == null || r.talkId().isBlank() || r.mediaNode() == null || r.mediaNode().isBlank()) {
            return "talkId and mediaNode are required";
        }
        if (!isId(r.deviceId()) || !isId(r.channelId())) {
            return "device and channel IDs must be 20 digits";
        }
        return null;
    }

    private static boolean isId(String id) {
        return id != null && id.length() == 20 && id.chars().allMatch(Character::isDigit);
    }

    /** Sends the Broadcast notification and waits for the device's INVITE. */
    Future<BroadcastAnswer> broadcast(BroadcastRequest request, OwnedDevice device) {
        String key = request.deviceId() + "|" + request.channelId();
        if (pending.containsKey(key)) {
            return Future.failedFuture(new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE,
                    QueryFailure.BAD_REQUEST, "a broadcast to " + request.channelId() + " is under way"));
        }
        Pending p = new Pending(request);
        pending.put(key, p);
        p.timer = vertx.setTimer(INVITE_WAIT_MILLIS, id -> {
            if (pending.remove(key, p)) {
                stats.increment("talk.invite.timeout");
                p.answer.tryFail(failure(QueryFailure.DEVICE_TIMEOUT, "the device sent no INVITE for the broadcast in "
                        + INVITE_WAIT_MILLIS + " ms"));
            }
        });
        stats.increment("talk.broadcast.sent");
        broadcaster.apply(device, request.channelId()).onComplete(ar -> {
            if (ar.failed()) {
                drop(key, p, failure(ar.cause() instanceof ReplyException re ? re.failureCode() : QueryFailure.DEVICE_ERROR,
                        "Broadcast notification failed: " + ar.cause().getMessage()));
            } else if (!"OK".equalsIgnoreCase(ar.result())) {
                stats.increment("talk.broadcast.refused");
                drop(key, p, failure(QueryFailure.DEVICE_ERROR, "the device answered the broadcast with " + ar.result()));
            }
        });
        return p.answer.future();
    }

    private void drop(String key, Pending p, Throwable cause) {
        if (!p.inviteTaken && pending.remove(key, p)) {
            vertx.cancelTimer(p.timer);
            p.answer.tryFail(cause);
        }
    }

    /** Ends a talk: a pending broadcast is given up, a dialog is ended with BYE. */
    Future<Void> close(String talkId) {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (e.getValue().request.talkId().equals(talkId)) {
                drop(e.getKey(), e.getValue(), failure(QueryFailure.DEVICE_ERROR, "the talk was closed"));
                return Future.succeededFuture();
            }
        }
        TalkDialog dialog = byTalk.get(talkId);
        if (dialog == null) {
            return Future.failedFuture(failure(QueryFailure.UNKNOWN_DEVICE, "no talk " + talkId + " on " + nodeId));
        }
        forget(dialog);
        OwnedDevice device = registry.owned(dialog.deviceId);
        Peer peer = device != null ? device.peer() : dialog.peer;
        SipRequest bye = TalkMessages.bye(dialog, endpoint.newVia(peer.transport()), dialog.nextCseq(),
                SipUri.of(serverId, endpoint.advertisedHost(), endpoint.port()), endpoint.options().userAgent());
        stats.increment("talk.bye.sent");
        return endpoint.request(bye, peer).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(failure(QueryFailure.DEVICE_TIMEOUT, "BYE got no answer: " + ar.cause().getMessage()));
            }
            int code = ar.result().statusCode();
            return ar.result().isSuccess() || code == 481 ? Future.succeededFuture()
                    : Future.failedFuture(failure(QueryFailure.DEVICE_ERROR, "the device answered BYE with " + code));
        });
    }

    // ---- from the device ----

    /**
     * A device's INVITE or BYE; true when it concerned a talk and was answered here. (The device's
     * ACK of our 200 is not routed here: the talk runs from our 200 on.)
     */
    public boolean handle(ServerTransaction tx) {
        SipRequest request = tx.request();
        return switch (request.method()) {
            case "INVITE" -> {
                onInvite(tx);
                yield true;
            }
            case "BYE" -> onBye(tx);
            default -> false;
        };
    }

    private void onInvite(ServerTransaction tx) {
        SipRequest invite = tx.request();
        String deviceId = invite.from().user();
        OwnedDevice device = registry.owned(deviceId);
        if (device == null || !device.isBoundTo(tx.source())) {
            // only the registered device, from where it registered, may open a talk (DESIGN: trust boundaries)
            stats.increment("talk.invite.rejected.wrong-source");
            respond(tx, 403, "Not a registered device at its registered address");
            return;
        }
        if (!serverId.equals(invite.to().user())) {
            stats.increment("talk.invite.rejected.not-us");
            respond(tx, 404, "Not this platform");
            return;
        }
        if (byCallId.containsKey(invite.callId())) {
            stats.increment("talk.invite.rejected.reinvite");
            respond(tx, 488, "Talk already set up");
            return;
        }
        Map.Entry<String, Pending> match = findPending(deviceId, TalkMessages.subjectChannel(invite, serverId).orElse(null));
        if (match == null) {
            stats.increment("talk.invite.rejected.no-broadcast");
            respond(tx, 403, "No broadcast pending for this device");
            return;
        }
        Pending p = match.getValue();
        TalkAnswerSdp talk;
        try {
            talk = TalkAnswerSdp.answering(SessionDescription.parse(new String(invite.body(), StandardCharsets.UTF_8)));
        } catch (SdpParseException | IllegalArgumentException e) {
            stats.increment("talk.invite.rejected.sdp");
            respond(tx, 488, "Not Acceptable Here");
            drop(match.getKey(), p, failure(QueryFailure.DEVICE_ERROR, "the device's INVITE had no usable audio SDP: " + e.getMessage()));
            return;
        }
        p.inviteTaken = true;
        pending.remove(match.getKey(), p);
        vertx.cancelTimer(p.timer);
        MediaTransport transport = !talk.tcp() ? MediaTransport.UDP
                : talk.ourSetup().orElse(Setup.PASSIVE) == Setup.PASSIVE ? MediaTransport.TCP_PASSIVE : MediaTransport.TCP_ACTIVE;
        TalkConnect connect = new TalkConnect(p.request.talkId(), transport, talk.deviceAddress(), talk.devicePort(),
                talk.ssrc().orElse(null), talk.payloadType(), talk.alaw());
        vertx.eventBus().<Object>request(Addresses.mediaNodeTalk(p.request.mediaNode()), connect,
                new DeliveryOptions().setSendTimeout(MEDIA_TIMEOUT_MILLIS)).onComplete(ar -> {
            if (ar.failed() || !(ar.result().body() instanceof TalkMediaPort port)) {
                stats.increment("talk.invite.media-failed");
                respond(tx, 500, "Media node unavailable");
                p.answer.tryFail(failure(QueryFailure.DEVICE_ERROR, "the media node did not take the talk: "
                        + (ar.failed() ? ar.cause().getMessage() : ar.result().body())));
                return;
            }
            answer(tx, device, p, talk, transport, port);
        });
    }

    private void answer(ServerTransaction tx, OwnedDevice device, Pending p, TalkAnswerSdp talk, MediaTransport transport,
                        TalkMediaPort port) {
        SipRequest invite = tx.request();
        String ourTag = Branches.tag();
        SipUri contact = SipUri.of(serverId, endpoint.advertisedHost(), endpoint.port());
        SessionDescription answer = talk.build(serverId, port.host(), port.port(), true);
        SipUri target;
        try {
            target = invite.contact().map(NameAddress::uri).orElse(invite.from().uri());
        } catch (SipParseException e) {
            target = invite.from().uri();
        }
        TalkDialog dialog = new TalkDialog(p.request.talkId(), device.deviceId(), p.request.channelId(), invite.callId(),
                invite.to().withTag(ourTag), invite.from(), target, tx.source());
        byCallId.put(dialog.callId, dialog);
        byTalk.put(dialog.talkId, dialog);
        tx.respond(TalkMessages.ok(invite, ourTag, contact, endpoint.options().userAgent(), answer));
        stats.increment("talk.invite.answered");
        LOG.info("talk {}: {} takes {} over {} at {}:{}", dialog.talkId, dialog.channelId, talk.alaw() ? "PCMA" : "PCMU",
                transport, talk.deviceAddress(), talk.devicePort());
        p.answer.tryComplete(new BroadcastAnswer(dialog.talkId, dialog.callId, nodeId, transport, talk.deviceAddress(),
                talk.devicePort(), talk.alaw() ? "PCMA" : "PCMU"));
    }

    private Map.Entry<String, Pending> findPending(String deviceId, String channelId) {
        Map.Entry<String, Pending> only = null;
        int count = 0;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            if (e.getValue().request.deviceId().equals(deviceId)) {
                if (e.getValue().request.channelId().equals(channelId)) {
                    return e;
                }
                only = e;
                count++;
            }
        }
        // a device that names no channel we broadcast to (or itself): the one broadcast pending for it
        return count == 1 ? only : null;
    }

    private boolean onBye(ServerTransaction tx) {
        TalkDialog dialog = byCallId.get(tx.request().callId());
        if (dialog == null) {
            return false;
        }
        String tag = tx.request().from().tag().orElse("");
        OwnedDevice device = registry.owned(dialog.deviceId);
        if ((!tag.isEmpty() && !tag.equals(dialog.remoteTag()))
                || (!tx.source().equals(dialog.peer) && (device == null || !device.isBoundTo(tx.source())))) {
            stats.increment("talk.bye.rejected");
            respond(tx, 403, "Not the device of this talk");
            return true;
        }
        respond(tx, 200, null);
        forget(dialog);
        stats.increment("talk.device-bye");
        vertx.eventBus().publish(Addresses.TALK_ENDED, new TalkEnded(dialog.talkId, "device-bye", System.currentTimeMillis()));
        return true;
    }

    private void forget(TalkDialog dialog) {
        byCallId.remove(dialog.callId);
        byTalk.remove(dialog.talkId);
    }

    private static void respond(ServerTransaction tx, int code, String reason) {
        SipResponse.Builder response = SipResponse.to(tx.request(), code, Branches.tag());
        if (reason != null) {
            response.reason(reason);
        }
        tx.respond(response.build());
    }

    private static ReplyException failure(int code, String message) {
        return new ReplyException(io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE, code, message);
    }

    private static void reply(Message<Object> message, Future<?> outcome) {
        outcome.onComplete(ar -> {
            if (ar.succeeded()) {
                message.reply(ar.result());
            } else if (ar.cause() instanceof ReplyException re) {
                message.fail(re.failureCode(), re.getMessage());
            } else {
                message.fail(QueryFailure.DEVICE_ERROR, String.valueOf(ar.cause().getMessage()));
            }
        });
    }
}
