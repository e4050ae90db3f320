package io.gbmesh.media;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DownloadProgress;
import io.gbmesh.contracts.MediaNodeFailure;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.ingest.IngestSockets;
import io.gbmesh.media.ingest.SharedUdpPort;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The media node, as wiring: takes {@link OpenStream}, {@link StreamAnswered} and {@link CloseStream}
 * on {@link Addresses#mediaNode(String)} and hands them to its {@link StreamTable} (which binds the
 * stream's port, and whose streams feed their sinks: viewers of each format, the push), serves the
 * viewers ({@link MediaHttpApi}, with signed URLs and capped, {@link ViewerAdmission}) and publishes
 * {@link StreamStarted}, {@link io.gbmesh.contracts.StreamStalled}, {@link StreamStopped}, periodic
 * {@link MediaNodeLoad} and, for each download it writes, {@link DownloadProgress} (its file served
 * at {@code /downloads/<streamId>.mp4}). Ready once the shared port (if any) and the HTTP server are
 * bound and the consumer is registered.
 *
 * <p>Requests, the streams table, HTTP and event-bus handlers run on this verticle's context. Each
 * stream's socket, processing, sinks and clock run on one of the node's {@link Shard}s (one event
 * loop per core by default), so that the node's streams use every core.
 */
public final class MediaNodeVerticle extends VerticleBase implements StreamSession.Events {

    static final long TICK_MILLIS = 100;
    /** How often a running download's progress is published (at 8x, 2 s of media). */
    static final long DOWNLOAD_PROGRESS_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(MediaNodeVerticle.class);

    private final MediaConfig config;
    private final ViewerAdmission admission;
    private final NodeMessages messages;
    private final MediaUrlToken urlTokens;
    private io.gbmesh.media.talk.TalkConfig talkConfig = io.gbmesh.media.talk.TalkConfig.fromEnv(io.gbmesh.runtime.Env.system());
    private io.gbmesh.media.talk.TalkService talks;
    private StreamTable table;
    private RtpPortPool ports;
    private SharedUdpPort shared;
    private IngestSockets sockets;
    private HttpServer http;
    private final List<HttpServer> httpServers = new CopyOnWriteArrayList<>();

    private String pushPrefix;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    /** This verticle's own context as a shard: the streams of the shared port, whose socket is here. */
    private Shard home;
    private final List<Shard> shards = new ArrayList<>();

    /** How many event loops the streams are spread over (default: one per core). */
    public MediaNodeVerticle withEventLoops(int loops) {
        this.eventLoops = Math.max(1, loops);
        return this;
    }

    /**
     * Pushes playback and download streams to {@code prefix/<deviceId>_<channelId>_<ssrc>} instead of the
     * push prefix ({@code GB_PUSH_PLAYBACK_PREFIX}, the reference's separate playback push address).
     */
    public MediaNodeVerticle withPlaybackPushPrefix(String prefix) {
        this.playbackPushPrefix = prefix;
        return this;
    }

    private String playbackPushPrefix;

    /** Pushes every stream to {@code prefix/<deviceId>_<channelId>_<ssrc>} ({@code GB_PUSH_PREFIX}, rtmp:// or rtsp://). */
    /** The talk settings (GB_TALK_*); read from the environment unless set here. */
    public MediaNodeVerticle withTalks(io.gbmesh.media.talk.TalkConfig settings) {
        this.talkConfig = settings;
        return this;
    }

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
        this.urlTokens = urlTokens;
        this.messages = new NodeMessages(config);
        this.admission = new ViewerAdmission(urlTokens, config.nodeId(), config.maxViewers(), config.maxViewersPerStream());
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        ports = new RtpPortPool(config.rtpPortMin(), config.rtpPortMax());
        sockets = new IngestSockets(vertx, config.host(), config.stallMillis());
        home = new Shard(context);
        for (int i = 0; i < eventLoops; i++) {
            shards.add(new Shard(VertxLoops.newEventLoopContext(vertx)));
        }
        Future<SharedUdpPort> sharedPort = config.sharedPort() == 0 ? Future.succeededFuture()
                : SharedUdpPort.bind(vertx, config.host(), config.sharedPort());
        return sharedPort.compose(port -> {
            shared = port;
            table = new StreamTable(new StreamTable.Wiring(context, config, messages, ports, port, sockets, home,
                    shards, pushPrefix, this, stopped -> vertx.eventBus().publish(Addresses.STREAM_STOPPED, stopped)));
            table.playbackPushPrefix(playbackPushPrefix);
            Future<Void> consumer = vertx.eventBus().<Object>consumer(Addresses.mediaNode(config.nodeId()), this::onMessage)
                    .completion();
            talks = new io.gbmesh.media.talk.TalkService(vertx, context, config.nodeId(), config.host(), config.advertisedHost(),
                    ports, talkConfig, this::httpPort, urlTokens, new io.gbmesh.media.talk.StreamTap() {
                        @Override
                        public boolean attach(String streamId, io.gbmesh.media.stream.StreamSink sink) {
                            StreamSession session = table.lookup(streamId);
                            if (session == null || session.isClosed()) {
                                return false;
                            }
                            session.attach(sink);
                            return true;
                        }

                        @Override
                        public void detach(String streamId, io.gbmesh.media.stream.StreamSink sink) {
                            StreamSession session = table.lookup(streamId);
                            if (session != null) {
                                session.detach(sink);
                            }
                        }
                    });
            return Future.all(listenHttp(), consumer, talks.start());
        }).onSuccess(v -> {
            home.start(TICK_MILLIS, config.stallMillis(), config.idleMillis());
            shards.forEach(s -> s.start(TICK_MILLIS, config.stallMillis(), config.idleMillis()));
            vertx.setPeriodic(config.loadIntervalMillis(), t -> publishLoad());
            vertx.setPeriodic(DOWNLOAD_PROGRESS_MILLIS, t -> publishDownloads());
            log.info("media node {} ready: HTTP {}, RTP {}-{}{}", config.nodeId(), http.actualPort(),
                    config.rtpPortMin(), config.rtpPortMax(), shared == null ? "" : ", shared port " + shared.port());
        });
    }

    /**
     * One HTTP server per shard on the same port: Vert.x spreads the connections over them, so the
     * viewers' writes are spread over the event loops too. (With port 0, "any free port", only one:
     * a second server would not be given the same port.)
     */
    private Future<HttpServer> listenHttp() {
        return listenHttp(shards.get(0), config.httpPort()).compose(first -> {
            http = first;
            List<Future<HttpServer>> more = new ArrayList<>();
            for (Shard shard : config.httpPort() == 0 ? List.<Shard>of() : shards.subList(1, shards.size())) {
                more.add(listenHttp(shard, first.actualPort()));
            }
            return Future.all(more).map(first);
        });
    }

    private Future<HttpServer> listenHttp(Shard shard, int port) {
        return table.onContext(shard.call(() -> vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                        .setMaxWebSocketFrameSize(io.gbmesh.media.talk.TalkService.MAX_SOCKET_MESSAGE)
                        .setMaxWebSocketMessageSize(io.gbmesh.media.talk.TalkService.MAX_SOCKET_MESSAGE))
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
        List<Future<?>> closing = new ArrayList<>();
        if (talks != null) {
            closing.add(talks.stop());
        }
        for (StreamSession s : table == null ? List.<StreamSession>of() : new ArrayList<>(table.sessions())) {
            closing.add(table.close(s, "node-stopped"));
        }
        return Future.join(closing).eventually(() -> {
                    home.stop();
                    shards.forEach(Shard::stop);
                    List<Future<Void>> servers = new ArrayList<>();
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
            table.open(open).onSuccess(message::reply).onFailure(err -> fail(message, err));
        } else if (body instanceof StreamAnswered answered) {
            table.answered(answered).onSuccess(message::reply).onFailure(err -> fail(message, err));
        } else if (body instanceof CloseStream close) {
            StreamSession session = table.get(close.streamId());
            if (session == null) {
                message.fail(MediaNodeFailure.UNKNOWN_STREAM, "no stream " + close.streamId() + " on " + config.nodeId());
            } else {
                table.close(session, close.reason() == null ? "closed" : close.reason()).onSuccess(message::reply);
            }
        } else {
            message.fail(MediaNodeFailure.BAD_REQUEST, "not a media node request: " + body);
        }
    }

    private static void fail(Message<Object> message, Throwable err) {
        message.fail(NodeMessages.failureCode(err), err.getMessage());
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
        context.runOnContext(v -> table.close(s, "no-viewer"));
    }

    @Override
    public void downloadClosed(StreamSession s, String reason) {
        vertx.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, downloadProgress(s, true, reason));
    }

    /** The progress of every download running on this node. */
    private void publishDownloads() {
        for (StreamSession s : table.sessions()) {
            if (s.recorder() != null && !s.isClosed()) {
                vertx.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, downloadProgress(s, false, null));
            }
        }
    }

    private DownloadProgress downloadProgress(StreamSession s, boolean finished, String reason) {
        var r = s.recorder();
        return new DownloadProgress(s.streamId(), config.nodeId(), r.mediaMillis(), r.bytes(), s.receivedBytes(), finished,
                reason, r.error(), System.currentTimeMillis());
    }

    /** The download file of a stream of this node ({@code <streamId>.mp4} under the download directory), or null for a bad id. */
    java.nio.file.Path downloadFile(String streamId) {
        if (streamId == null || !streamId.matches("[0-9A-Za-z_-]{1,100}")) {
            return null;
        }
        return config.downloadDir().resolve(streamId + ".mp4");
    }

    private void publishLoad() {
        vertx.eventBus().publish(Addresses.MEDIA_LOAD, load());
    }

    MediaNodeLoad load() {
        return messages.load(table.sessions(), ports.freePorts(), httpBaseUrl());
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
        return table.sessions();
    }

    /** The stream, from any thread. */
    StreamSession session(String streamId) {
        return table.lookup(streamId);
    }

    SharedUdpPort sharedPort() {
        return shared;
    }

    /** The talks this node sends. */
    public io.gbmesh.media.talk.TalkService talks() {
        return talks;
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
