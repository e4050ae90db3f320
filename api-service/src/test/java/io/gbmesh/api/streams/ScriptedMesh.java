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

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway and media-node side of the mesh as the api-service sees it over the event bus: a
 * media node that reports its load, binds ports and publishes the first frame once told the
 * answer; a gateway that answers INVITEs (or refuses those of one device) and takes BYEs. What
 * each received is kept, so that a test sees which replica's request reached the mesh.
 */
final class ScriptedMesh {
    static final String NODE = "media-scripted";
    static final String REFUSING_DEVICE = "34020000001329999999";

    final List<InviteRequest> invites = new CopyOnWriteArrayList<>();
    final List<String> byes = new CopyOnWriteArrayList<>();
    final List<String> portsClosed = new CopyOnWriteArrayList<>();
    final Map<String, OpenStream> open = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(30000);
    private final Vertx vertx;

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
                bus.<Object>consumer(Addresses.INVITE, m -> {
                    InviteRequest invite = (InviteRequest) m.body();
                    mesh.invites.add(invite);
                    if (invite.deviceId().equals(REFUSING_DEVICE)) {
                        m.fail(QueryFailure.DEVICE_ERROR, "the device answered 488 Not Acceptable Here");
                    } else {
                        m.reply(new InviteAnswer(invite.streamId(), "call-" + invite.streamId(), "127.0.0.1", 15060,
                                invite.ssrc(), "gw-scripted"));
                    }
                }).completion(),
                bus.<Object>consumer(Addresses.BYE, m -> {
                    mesh.byes.add(((CloseStream) m.body()).streamId());
                    m.reply(m.body());
                }).completion()).map(mesh);
    }
}
