package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.ingest.IngestSockets;
import io.gbmesh.media.ingest.RtpIngest;
import io.gbmesh.media.ingest.RtpReceiver;
import io.gbmesh.media.ingest.SharedUdpPort;
import io.gbmesh.media.stream.StreamProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node's streams: opening one (its port bound on the least loaded shard, or its SSRC routed on
 * the shared port), the device's answer, closing one (socket closed, port given back, then
 * {@link StreamStopped}). The table and these requests are the node context's; each stream's own
 * work runs on its {@link Shard}. Streams are also found by id from any thread (the HTTP servers run
 * on the shards).
 */
final class StreamTable {

    private static final Logger log = LoggerFactory.getLogger(StreamTable.class);

    /** What the table needs of the node: its context, sockets and shards, and where stops are told. */
    record Wiring(Context context, MediaConfig config, NodeMessages messages, RtpPortPool ports, SharedUdpPort shared,
                  IngestSockets sockets, Shard home, List<Shard> shards, String pushPrefix,
                  StreamSession.Events events, Consumer<StreamStopped> stopped) {
    }

    private final Wiring w;
    private final Map<String, StreamSession> streams = new LinkedHashMap<>();
    /** The streams for lookups from the shards' HTTP servers (the table itself is the node context's). */
    private final Map<String, StreamSession> lookup = new ConcurrentHashMap<>();

    StreamTable(Wiring wiring) {
        this.w = wiring;
    }

    /** Where playback and download streams are pushed instead of the push prefix ({@code GB_PUSH_PLAYBACK_PREFIX}); null: the same. */
    private String playbackPushPrefix;

    void playbackPushPrefix(String prefix) {
        this.playbackPushPrefix = prefix == null || prefix.isBlank() ? null : prefix;
    }

    /** Binds the stream's port (or routes its SSRC on the shared port) and says where to send. */
    Future<StreamEndpoint> open(OpenStream open) {
        if (open.streamId() == null || open.streamId().isBlank() || open.transport() == null) {
            return Future.failedFuture(new IllegalArgumentException("OpenStream needs a stream id and a transport"));
        }
        StreamSession existing = streams.get(open.streamId());
        if (existing != null) {
            return existing.port() > 0 ? Future.succeededFuture(w.messages().endpoint(existing))
                    : Future.failedFuture(new IllegalArgumentException("stream " + open.streamId() + " is opening"));
        }
        SharedUdpPort shared = w.shared();
        boolean onShared = open.sharedPort() && shared != null && open.transport() == MediaTransport.UDP;
        long offered = StreamProcess.parseSsrc(open.ssrc());
        if (onShared && (offered < 0 || shared.routes(offered))) {
            return Future.failedFuture(new IllegalArgumentException(
                    "the shared port needs an SSRC of its own, not '" + open.ssrc() + "'"));
        }
        StreamSession session = new StreamSession(open, w.config().ssrcLockMillis(), MediaNodeVerticle.now(), w.events(),
                onShared ? w.home() : leastLoaded(), io.gbmesh.media.hls.HlsSegmenter.DEFAULT_IDLE_MILLIS, w.config().downloadDir());
        String prefix = open.kind() != io.gbmesh.contracts.StreamKind.PLAY && playbackPushPrefix != null
                ? playbackPushPrefix : w.pushPrefix();
        if (prefix != null && !prefix.isBlank()) {
            // the reference's push address: <prefix>/<deviceId>_<channelId>_<ssrc> (3.1)
            session.pushTo(prefix + "/" + open.deviceId() + "_" + open.channelId() + "_" + open.ssrc());
        }
        RtpReceiver receiver = (packet, off, len, source) -> session.rtp(packet, off, len, MediaNodeVerticle.now(), source);
        if (onShared) {
            put(session);
            shared.route(offered, receiver);
            session.attachShared(shared.port(), receiver);
            return Future.succeededFuture(w.messages().endpoint(session));
        }
        put(session);
        return w.ports().<RtpIngest>claim(port -> bind(session.shard(), open.transport(), port, receiver)).map(lease -> {
            session.attach(lease.bound());
            if (session.isClosed()) {
                lease.bound().close().onComplete(v -> w.ports().release(lease.port()));
            }
            return w.messages().endpoint(session);
        }).onFailure(err -> {
            if (remove(session)) {
                session.markClosed();
            }
        });
    }

    /** The device answered: its SSRC is expected too; TCP active connects to it now. */
    Future<StreamEndpoint> answered(StreamAnswered answered) {
        StreamSession session = streams.get(answered.streamId());
        if (session == null || session.port() == 0) {
            return Future.failedFuture(new MediaNodeVerticle.NoSuchStreamException(answered.streamId()));
        }
        long ssrc = StreamProcess.parseSsrc(answered.answeredSsrc());
        if (session.answered(ssrc)) {
            log.info("stream {}: the device answered again; its next packets may come from a new address",
                    session.streamId());
        }
        if (ssrc >= 0 && session.sharedPort() && !w.shared().routes(ssrc)) {
            w.shared().route(ssrc, session.receiver());
        }
        if (session.transport() != MediaTransport.TCP_ACTIVE || session.ingest() == null) {
            return Future.succeededFuture(w.messages().endpoint(session));
        }
        return session.ingest().connect(answered.deviceHost(), answered.devicePort())
                .map(v -> w.messages().endpoint(session))
                .onFailure(err -> {
                    log.warn("stream {}: {}", session.streamId(), err.getMessage());
                    close(session, "connect-failed");
                });
    }

    /** Closes the stream's socket, gives its port back, then tells {@link StreamStopped}. */
    Future<StreamStopped> close(StreamSession session, String reason) {
        remove(session);
        if (session.isClosed()) {
            return Future.succeededFuture(w.messages().stopped(session, reason));
        }
        session.markClosed();
        Future<Void> closed;
        if (session.sharedPort()) {
            w.shared().unroute(session.offeredSsrc(), session.receiver());
            w.shared().unroute(session.answeredSsrc(), session.receiver());
            closed = Future.succeededFuture();
        } else if (session.ingest() != null) {
            int port = session.port();
            RtpIngest ingest = session.ingest();
            closed = onContext(session.shard().call(ingest::close)).eventually(() -> {
                w.ports().release(port);
                return Future.succeededFuture();
            });
        } else {
            closed = Future.succeededFuture();
        }
        if (session.recorder() != null) {
            // the download's file is closed on its shard (after the sinks), then its end is told
            closed = closed.eventually(() -> onContext(session.shard().call(() -> {
                session.recorder().close();
                return Future.succeededFuture();
            }))).onComplete(ar -> w.events().downloadClosed(session, reason));
        }
        return closed.transform(ar -> {
            StreamStopped stopped = w.messages().stopped(session, reason);
            w.stopped().accept(stopped);
            log.info("stream {} stopped ({}): {}", session.streamId(), reason, stopped.stats());
            return Future.succeededFuture(stopped);
        });
    }

    /** The stream of the node context's table, or null. */
    StreamSession get(String streamId) {
        return streams.get(streamId);
    }

    /** The stream, from any thread. */
    StreamSession lookup(String streamId) {
        return lookup.get(streamId);
    }

    Collection<StreamSession> sessions() {
        return streams.values();
    }

    private void put(StreamSession session) {
        streams.put(session.streamId(), session);
        lookup.put(session.streamId(), session);
        session.shard().add(session);
    }

    private boolean remove(StreamSession session) {
        lookup.remove(session.streamId(), session);
        return streams.remove(session.streamId(), session);
    }

    /** The shard with the fewest streams. */
    private Shard leastLoaded() {
        Shard best = w.shards().get(0);
        for (Shard s : w.shards()) {
            if (s.placed() < best.placed()) {
                best = s;
            }
        }
        return best;
    }

    /** Binds on the shard's context, so that the socket lives on its event loop. */
    private Future<RtpIngest> bind(Shard shard, MediaTransport transport, int port, RtpReceiver receiver) {
        return onContext(shard.call(() -> w.sockets().bind(transport, port, receiver)));
    }

    /**
     * The same outcome, delivered on the node's context: some socket futures (a TCP server's
     * close, its listen) complete on Vert.x's acceptor thread, and all state here is the context's.
     */
    <T> Future<T> onContext(Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> w.context().runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }
}
