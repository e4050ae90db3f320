package io.gbmesh.media;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.ingest.RtpIngest;
import io.gbmesh.media.ingest.IngestSockets;
import io.gbmesh.media.ingest.RtpReceiver;
import io.gbmesh.media.ingest.SharedUdpPort;
import io.gbmesh.media.stream.StreamProcess;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The media node: takes {@link OpenStream}, {@link StreamAnswered} and {@link CloseStream} on
 * {@link Addresses#mediaNode(String)}, binds the stream's port, receives its RTP, serves HTTP-FLV
 * viewers ({@link MediaHttpApi}, with signed URLs and capped, {@link ViewerAdmission}) and publishes {@link StreamStarted}, {@link io.gbmesh.contracts.StreamStalled},
 * {@link StreamStopped} and periodic {@link MediaNodeLoad}. Ready once the shared port (if any) and
 * the HTTP server are bound and the consumer is registered.
 *
 * <p>Requests, the streams table, HTTP and event-bus handlers run on this verticle's context. Each
 * stream's socket, processing, viewer fan-out and clock run on one of the node's {@link Shard}s
 * (one event loop per core by default), so that the node's streams use every core.
 */
public final class MediaNodeVerticle extends VerticleBase implements StreamSession.Events {

    /** Reply failure codes. */
    public static final int FAILURE_BAD_REQUEST = 400;
    public static final int FAILURE_UNKNOWN_STREAM = 404;
    public static final int FAILURE_NO_PORT = 503;
    public static final int FAILURE_CONNECT = 504;
    static final long TICK_MILLIS = 100;

    private static final Logger log = LoggerFactory.getLogger(MediaNodeVerticle.class);

    private final MediaConfig config;
    private final ViewerAdmission admission;
    private final NodeMessages messages;
    private final Map<String, StreamSession> streams = new LinkedHashMap<>();
    private RtpPortPool ports;
    private SharedUdpPort shared;
    private IngestSockets sockets;
    private HttpServer http;
    private final java.util.List<HttpServer> httpServers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The streams for lookups from the shards' HTTP servers (the table itself is the node context's). */
    private final Map<String, StreamSession> lookup = new java.util.concurrent.ConcurrentHashMap<>();

    private String pushPrefix;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    /** This verticle's own context as a shard: the streams of the shared port, whose socket is here. */
    private Shard home;
    private final java.util.List<Shard> shards = new ArrayList<>();

    /** How many event loops the streams are spread over (default: one per core). */
    public MediaNodeVerticle withEventLoops(int loops) {
        this.eventLoops = Math.max(1, loops);
        return this;
    }

    /** Pushes every stream to {@code prefix/<deviceId>_<channelId>_<ssrc>} ({@code GB_PUSH_PREFIX}, rtmp:// or rtsp://). */
    public MediaNodeVerticle withPushPrefix(String prefix) {
        this.pushPrefix = prefix;
        return this;
    }

    /**
     * @param urlTokens the codec of the cluster secret ({@code GB_MEDIA_URL_SECRET}) that viewer URLs
     *                  and the node's API are checked with
     */
    public MediaNodeVerticle(MediaConfig config, MediaUrlToken urlTokens) {
        this.config = config;
        this.messages = new NodeMessages(config);
        this.admission = new ViewerAdmission(urlTokens, config.nodeId(), config.maxViewers(), config.maxViewersPerStream());
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        ports = new RtpPortPool(config.rtpPortMin(), config.rtpPortMax());
        sockets = new IngestSockets(vertx, config.host(), config.stallMillis());
        home = new Shard((ContextInternal) context);
        for (int i = 0; i < eventLoops; i++) {
            shards.add(new Shard(((VertxInternal) vertx).createEventLoopContext()));
        }
        Future<?> sharedPort = config.sharedPort() == 0 ? Future.succeededFuture()
                : SharedUdpPort.bind(vertx, config.host(), config.sharedPort()).onSuccess(s -> shared = s);
        // One HTTP server per shard on the same port: Vert.x spreads the connections over them, so the
        // viewers' writes are spread over the event loops too. (With port 0, "any free port", only
        // one: a second server would not be given the same port.)
        Future<HttpServer> httpServer = listenHttp(shards.get(0), config.httpPort()).compose(first -> {
            http = first;
            java.util.List<Future<HttpServer>> more = new ArrayList<>();
            for (Shard shard : config.httpPort() == 0 ? java.util.List.<Shard>of() : shards.subList(1, shards.size())) {
                more.add(listenHttp(shard, first.actualPort()));
            }
            return Future.all(more).map(first);
        });
        Future<Void> consumer = vertx.eventBus().<Object>consumer(Addresses.mediaNode(config.nodeId()), this::onMessage)
                .completion();
        return Future.all(sharedPort, httpServer, consumer).onSuccess(v -> {
            home.start(TICK_MILLIS, config.stallMillis(), config.idleMillis());
            shards.forEach(s -> s.start(TICK_MILLIS, config.stallMillis(), config.idleMillis()));
            vertx.setPeriodic(config.loadIntervalMillis(), t -> publishLoad());
            log.info("media node {} ready: HTTP {}, RTP {}-{}{}", config.nodeId(), http.actualPort(),
                    config.rtpPortMin(), config.rtpPortMax(), shared == null ? "" : ", shared port " + shared.port());
        });
    }

    private Future<HttpServer> listenHttp(Shard shard, int port) {
        return onContext(shard.call(() -> vertx.createHttpServer()
                .requestHandler(new MediaHttpApi(this, admission).router(vertx))
                .listen(port, config.host())
                .onSuccess(httpServers::add)));
    }

    /** Runs {@code task} on the node's context. */
    void onNode(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    @Override
    public Future<?> stop() {
        java.util.List<Future<?>> closing = new ArrayList<>();
        for (StreamSession s : new ArrayList<>(streams.values())) {
            closing.add(closeStream(s, "node-stopped"));
        }
        return Future.join(closing).eventually(() -> {
                    home.stop();
                    shards.forEach(Shard::stop);
                    java.util.List<Future<Void>> servers = new ArrayList<>();
                    for (HttpServer server : httpServers) {
                        servers.add(server.close());
                    }
                    return Future.join(servers).eventually(() -> sockets == null ? Future.succeededFuture() : sockets.close());
                })
                .eventually(() -> shared == null ? Future.succeededFuture() : shared.close());
    }

    private void onMessage(Message<Object> message) {
        Object body = message.body();
        if (body instanceof OpenStream open) {
            open(open).onSuccess(message::reply).onFailure(err -> fail(message, err));
        } else if (body instanceof StreamAnswered answered) {
            answered(answered).onSuccess(message::reply).onFailure(err -> fail(message, err));
        } else if (body instanceof CloseStream close) {
            StreamSession session = streams.get(close.streamId());
            if (session == null) {
                message.fail(FAILURE_UNKNOWN_STREAM, "no stream " + close.streamId() + " on " + config.nodeId());
            } else {
                closeStream(session, close.reason() == null ? "closed" : close.reason()).onSuccess(message::reply);
            }
        } else {
            message.fail(FAILURE_BAD_REQUEST, "not a media node request: " + body);
        }
    }

    private static void fail(Message<Object> message, Throwable err) {
        message.fail(NodeMessages.failureCode(err), err.getMessage());
    }

    /** Binds the stream's port (or routes its SSRC on the shared port) and says where to send. */
    Future<StreamEndpoint> open(OpenStream open) {
        if (open.streamId() == null || open.streamId().isBlank() || open.transport() == null) {
            return Future.failedFuture(new IllegalArgumentException("OpenStream needs a stream id and a transport"));
        }
        StreamSession existing = streams.get(open.streamId());
        if (existing != null) {
            return existing.port() > 0 ? Future.succeededFuture(messages.endpoint(existing))
                    : Future.failedFuture(new IllegalArgumentException("stream " + open.streamId() + " is opening"));
        }
        boolean onShared = open.sharedPort() && shared != null && open.transport() == MediaTransport.UDP;
        StreamSession session = new StreamSession(open, config.ssrcLockMillis(), now(), this,
                onShared ? home : leastLoaded());
        if (pushPrefix != null && !pushPrefix.isBlank()) {
            // the reference's push address: <prefix>/<deviceId>_<channelId>_<ssrc> (3.1)
            session.pushTo(pushPrefix + "/" + open.deviceId() + "_" + open.channelId() + "_" + open.ssrc());
        }
        RtpReceiver receiver = (packet, off, len, source) -> session.rtp(packet, off, len, now(), source);
        if (onShared) {
            long ssrc = session.offeredSsrc();
            if (ssrc < 0 || shared.routes(ssrc)) {
                return Future.failedFuture(new IllegalArgumentException(
                        "the shared port needs an SSRC of its own, not '" + open.ssrc() + "'"));
            }
            put(session);
            shared.route(ssrc, receiver);
            session.attachShared(shared.port(), receiver);
            return Future.succeededFuture(messages.endpoint(session));
        }
        put(session);
        return ports.<RtpIngest>claim(port -> bind(session.shard(), open.transport(), port, receiver)).map(lease -> {
            session.attach(lease.bound());
            if (session.isClosed()) {
                lease.bound().close().onComplete(v -> ports.release(lease.port()));
            }
            return messages.endpoint(session);
        }).onFailure(err -> {
            if (remove(session)) {
                session.markClosed();
            }
        });
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
        Shard best = shards.get(0);
        for (Shard s : shards) {
            if (s.placed() < best.placed()) {
                best = s;
            }
        }
        return best;
    }

    /** Binds on the shard's context, so that the socket lives on its event loop. */
    private Future<RtpIngest> bind(Shard shard, MediaTransport transport, int port, RtpReceiver receiver) {
        return onContext(shard.call(() -> sockets.bind(transport, port, receiver)));
    }

    /**
     * The same outcome, delivered on this verticle's context: some socket futures (a TCP server's
     * close, its listen) complete on Vert.x's acceptor thread, and all state here is the context's.
     */
    private <T> Future<T> onContext(Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> context.runOnContext(v -> promise.handle(ar)));
        return promise.future();
    }

    /** The device answered: its SSRC is expected too; TCP active connects to it now. */
    Future<StreamEndpoint> answered(StreamAnswered answered) {
        StreamSession session = streams.get(answered.streamId());
        if (session == null || session.port() == 0) {
            return Future.failedFuture(new NoSuchStreamException(answered.streamId()));
        }
        long ssrc = StreamProcess.parseSsrc(answered.answeredSsrc());
        if (session.answered(ssrc)) {
            log.info("stream {}: the device answered again; its next packets may come from a new address",
                    session.streamId());
        }
        if (ssrc >= 0 && session.sharedPort() && !shared.routes(ssrc)) {
            shared.route(ssrc, session.receiver());
        }
        if (session.transport() != MediaTransport.TCP_ACTIVE || session.ingest() == null) {
            return Future.succeededFuture(messages.endpoint(session));
        }
        return session.ingest().connect(answered.deviceHost(), answered.devicePort())
                .map(v -> messages.endpoint(session))
                .onFailure(err -> {
                    log.warn("stream {}: {}", session.streamId(), err.getMessage());
                    closeStream(session, "connect-failed");
                });
    }

    /** Closes the stream's socket, gives its port back, then publishes {@link StreamStopped}. */
    Future<StreamStopped> closeStream(StreamSession session, String reason) {
        remove(session);
        if (session.isClosed()) {
            return Future.succeededFuture(messages.stopped(session, reason));
        }
        session.markClosed();
        Future<Void> closed;
        if (session.sharedPort()) {
            shared.unroute(session.offeredSsrc(), session.receiver());
            shared.unroute(session.answeredSsrc(), session.receiver());
            closed = Future.succeededFuture();
        } else if (session.ingest() != null) {
            int port = session.port();
            RtpIngest ingest = session.ingest();
            closed = onContext(session.shard().call(ingest::close)).eventually(() -> {
                ports.release(port);
                return Future.succeededFuture();
            });
        } else {
            closed = Future.succeededFuture();
        }
        return closed.transform(ar -> {
            StreamStopped stopped = messages.stopped(session, reason);
            vertx.eventBus().publish(Addresses.STREAM_STOPPED, stopped);
            log.info("stream {} stopped ({}): {}", session.streamId(), reason, stopped.stats());
            return Future.succeededFuture(stopped);
        });
    }

    @Override
    public void started(StreamSession s) {
        context.runOnContext(v -> publishStarted(s));
    }

    private void publishStarted(StreamSession s) {
        log.info("stream {} started: {} {}x{} on port {}", s.streamId(), s.codec(), s.width(), s.height(), s.port());
        vertx.eventBus().publish(Addresses.STREAM_STARTED, messages.started(s));
    }

    @Override
    public void stalled(StreamSession s, long silentMillis) {
        context.runOnContext(v -> vertx.eventBus().publish(Addresses.STREAM_STALLED, messages.stalled(s, silentMillis)));
    }

    @Override
    public void idle(StreamSession s) {
        context.runOnContext(v -> closeStream(s, "no-viewer"));
    }

    private void publishLoad() {
        vertx.eventBus().publish(Addresses.MEDIA_LOAD, load());
    }

    MediaNodeLoad load() {
        return messages.load(streams.values(), ports.freePorts(), httpBaseUrl());
    }

    static long now() {
        return System.nanoTime() / 1_000_000;
    }

    String httpBaseUrl() {
        return "http://" + config.advertisedHost() + ":" + httpPort();
    }

    /** The HTTP port bound (useful when configured as 0). */
    public int httpPort() {
        return http == null ? 0 : http.actualPort();
    }

    public String nodeId() {
        return config.nodeId();
    }

    /** Ports of the range not held by a stream. */
    public int freePorts() {
        return ports.freePorts();
    }

    Collection<StreamSession> sessions() {
        return streams.values();
    }

    /** The stream, from any thread. */
    StreamSession session(String streamId) {
        return lookup.get(streamId);
    }

    SharedUdpPort sharedPort() {
        return shared;
    }

    RtpPortPool ports() {
        return ports;
    }

    /** A request named a stream this node does not have. */
    static final class NoSuchStreamException extends RuntimeException {
        NoSuchStreamException(String streamId) {
            super("no stream " + streamId, null, false, false);
        }
    }
}
