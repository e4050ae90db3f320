package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStats;
import io.gbmesh.contracts.StreamStopped;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway and media-node side of the mesh as the api-service sees it over the event bus: a
 * media node that reports its load, binds ports and publishes the first frame once told the
 * answer; a gateway that answers INVITEs (or refuses those of one device, or holds the answers
 * until released) and keeps the dialogs they open, which a close ends with BYE. As the gateway does,
 * a close of a stream whose INVITE is under way is kept until the device answers (or, as from a
 * gateway that is not the one inviting, answered that there is no dialog), and a close of a stream
 * without a dialog is answered {@link QueryFailure#UNKNOWN_DEVICE}. What each received is kept, so
 * that a test sees which replica's request reached the mesh.
 */
final class ScriptedMesh {
    static final String NODE = "media-scripted";
    static final String REFUSING_DEVICE = "34020000001329999999";

    final List<InviteRequest> invites = new CopyOnWriteArrayList<>();
    /** Every close asked of the gateway, whether or not it had a dialog to end. */
    final List<String> byes = new CopyOnWriteArrayList<>();
    /** The dialogs the device holds now: answered INVITEs not ended yet. */
    final Set<String> dialogs = ConcurrentHashMap.newKeySet();
    /** The dialogs ended by a BYE to the device. */
    final List<String> dialogsEnded = new CopyOnWriteArrayList<>();
    final List<String> portsClosed = new CopyOnWriteArrayList<>();
    final Map<String, OpenStream> open = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(30000);
    private final Vertx vertx;
    /** INVITEs under way (held), each with whether a close came meanwhile; guarded by this. */
    private final Map<String, Boolean> inviting = new HashMap<>();
    private final List<Message<Object>> held = new ArrayList<>();
    private boolean holding;
    private boolean keepsCloses = true;
    private final List<Message<Object>> heldCloses = new ArrayList<>();
    private boolean holdingCloses;

    private ScriptedMesh(Vertx vertx) {
        this.vertx = vertx;
    }

    static Future<ScriptedMesh> start(Vertx vertx) {
        ScriptedMesh mesh = new ScriptedMesh(vertx);
        var bus = vertx.eventBus();
        vertx.setPeriodic(0, 300, t -> bus.publish(Addresses.MEDIA_LOAD, new MediaNodeLoad(NODE, "127.0.0.1",
                "http://127.0.0.1:9", mesh.open.size(), 0, 100, 0, 0, System.currentTimeMillis())));
        return Future.all(
                bus.<Object>consumer(Addresses.mediaNode(NODE), m -> {
                    if (m.body() instanceof OpenStream o) {
                        mesh.open.put(o.streamId(), o);
                        m.reply(new StreamEndpoint(o.streamId(), NODE, "127.0.0.1", mesh.nextPort.getAndIncrement(),
                                o.transport(), null));
                    } else if (m.body() instanceof StreamAnswered a) {
                        OpenStream o = mesh.open.get(a.streamId());
                        m.reply(new StreamEndpoint(a.streamId(), NODE, "127.0.0.1", 30000, o.transport(), null));
                        vertx.setTimer(30, id -> bus.publish(Addresses.STREAM_STARTED, new StreamStarted(a.streamId(),
                                o.deviceId(), o.channelId(), NODE, "H264", 704, 576, System.currentTimeMillis())));
                    } else if (m.body() instanceof CloseStream c) {
                        mesh.portsClosed.add(c.streamId());
                        OpenStream o = mesh.open.remove(c.streamId());
                        m.reply(new StreamStopped(c.streamId(), o == null ? null : o.deviceId(),
                                o == null ? null : o.channelId(), NODE, c.reason(),
                                new StreamStats(0, 0, 0, 0, 0, 0, false, null, 0, 0, 0, 0), System.currentTimeMillis()));
                    }
                }).completion(),
                bus.<Object>consumer(Addresses.INVITE, mesh::onInvite).completion(),
                bus.<Object>consumer(Addresses.BYE, mesh::onClose).completion()).map(mesh);
    }

    /** From now on INVITEs are sent to the device but its answers held, until {@link #releaseAnswers()}. */
    synchronized void holdAnswers() {
        holding = true;
    }

    /** The held INVITEs are answered (each opens a dialog, ended at once when a close was kept); no more are held. */
    synchronized void releaseAnswers() {
        holding = false;
        held.forEach(this::answer);
        held.clear();
    }

    /** From now on the closes asked of the gateway are kept (listed in {@link #byes}) but not acted on, until {@link #releaseCloses()}. */
    synchronized void holdCloses() {
        holdingCloses = true;
    }

    /** The held closes are acted on and answered; no more are held. */
    synchronized void releaseCloses() {
        holdingCloses = false;
        heldCloses.forEach(this::close);
        heldCloses.clear();
    }

    /** Closes of streams whose INVITE is under way are answered that there is no dialog (from now on). */
    synchronized void refuseClosesDuringInvites() {
        keepsCloses = false;
    }

    private synchronized void onInvite(Message<Object> m) {
        InviteRequest invite = (InviteRequest) m.body();
        invites.add(invite);
        if (invite.deviceId().equals(REFUSING_DEVICE)) {
            m.fail(QueryFailure.DEVICE_ERROR, "the device answered 488 Not Acceptable Here");
        } else if (holding) {
            inviting.put(invite.streamId(), false);
            held.add(m);
        } else {
            answer(m);
        }
    }

    private void answer(Message<Object> m) {
        InviteRequest invite = (InviteRequest) m.body();
        if (Boolean.TRUE.equals(inviting.remove(invite.streamId()))) {
            dialogsEnded.add(invite.streamId()); // ACK, then the close kept meanwhile: BYE
            m.fail(QueryFailure.DEVICE_ERROR, "stream closed while it was being invited");
            return;
        }
        dialogs.add(invite.streamId());
        m.reply(new InviteAnswer(invite.streamId(), "call-" + invite.streamId(), "127.0.0.1", 15060, invite.ssrc(),
                "gw-scripted"));
    }

    private synchronized void onClose(Message<Object> m) {
        byes.add(((CloseStream) m.body()).streamId());
        if (holdingCloses) {
            heldCloses.add(m);
        } else {
            close(m);
        }
    }

    private void close(Message<Object> m) {
        String streamId = ((CloseStream) m.body()).streamId();
        if (inviting.containsKey(streamId) && keepsCloses) {
            inviting.put(streamId, true);
            m.reply(m.body());
        } else if (dialogs.remove(streamId)) {
            dialogsEnded.add(streamId);
            m.reply(m.body());
        } else {
            m.fail(QueryFailure.UNKNOWN_DEVICE, "no dialog for stream " + streamId);
        }
    }
}
