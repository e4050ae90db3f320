package io.gbmesh.media.talk;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaNodeFailure;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkConnect;
import io.gbmesh.contracts.TalkEnded;
import io.gbmesh.contracts.TalkMediaPort;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.contracts.TalkPrepared;
import io.gbmesh.media.RtpPortPool;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media node's talks (GB/T 28181-2016 §9.12, reference 4.7): {@link TalkOpen} prepares a talk
 * with its audio source, {@link TalkConnect} (the device's INVITE came) claims a port and starts
 * sending G.711 RTP paced at 20 ms, {@link TalkClose} stops it. A talk that ends on its own (its source
 * ended, its TCP connection closed, no INVITE in time) is published as {@link TalkEnded}. The browser's
 * microphone reaches a talk over {@code GET /api/v1/talks/{talkId}/audio?token=...} (WebSocket, binary
 * frames of 8 kHz mono 16-bit little-endian PCM, or Opus in WebM or Ogg: {@link SocketAudio}), the
 * token signed by the API for the talk. A talk both ways ({@link TalkOpen#listenStreamId()}) sends the
 * audio of that stream of this node back on the same WebSocket ({@link DeviceAudioListener}).
 * Created and used on the media node's context.
 */
public final class TalkService {
    private static final Logger LOG = LoggerFactory.getLogger(TalkService.class);
    static final long TICK_MILLIS = 5;
    /** A talk's WebSocket is closed with this when the talk has a socket already. */
    public static final int CLOSE_SECOND_SOCKET = 4409;
    /** The largest WebSocket message the media node takes (a talk's audio slices are a few KiB). */
    public static final int MAX_SOCKET_MESSAGE = 64 * 1024;
    /** Bytes waiting for FFmpeg at which a talk's socket is paused, and at which it reads again. */
    static final long PAUSE_BYTES = SocketAudio.MAX_QUEUED_BYTES / 2;
    static final long RESUME_BYTES = SocketAudio.MAX_QUEUED_BYTES / 4;

    private final Vertx vertx;
    private final Context context;
    private final String nodeId;
    private final String bindHost;
    private final String advertisedHost;
    private final RtpPortPool ports;
    private final TalkConfig config;
    private final IntSupplier httpPort;
    private final MediaUrlToken tokens;
    private final LongSupplier nanos;
    private final StreamTap streams;
    private final Map<String, TalkSession> talks = new LinkedHashMap<>();
    private NetClient client;
    private MessageConsumer<Object> consumer;
    private long timer = -1;
    private long refusedSockets;
    private long secondSockets;
    private long refusedAudio;
    private long oversentSockets;
    private long socketPauses;

    public TalkService(Vertx vertx, Context context, String nodeId, String bindHost, String advertisedHost,
                       RtpPortPool ports, TalkConfig config, IntSupplier httpPort, MediaUrlToken tokens) {
        this(vertx, context, nodeId, bindHost, advertisedHost, ports, config, httpPort, tokens, StreamTap.NONE);
    }

    public TalkService(Vertx vertx, Context context, String nodeId, String bindHost, String advertisedHost,
                       RtpPortPool ports, TalkConfig config, IntSupplier httpPort, MediaUrlToken tokens, StreamTap streams) {
        this.vertx = vertx;
        this.context = context;
        this.nodeId = nodeId;
        this.bindHost = bindHost;
        this.advertisedHost = advertisedHost;
        this.ports = ports;
        this.config = config;
        this.httpPort = httpPort;
        this.tokens = tokens;
        this.nanos = System::nanoTime;
        this.streams = streams;
    }

    /** Ready once the talk consumer is registered cluster-wide. */
    public Future<Void> start() {
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(2000));
        consumer = vertx.eventBus().consumer(Addresses.mediaNodeTalk(nodeId), this::onMessage);
        timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
        return consumer.completion();
    }

    public Future<Void> stop() {
        vertx.cancelTimer(timer);
        java.util.List<Future<Void>> closing = new ArrayList<>();
        for (TalkSession talk : new ArrayList<>(talks.values())) {
            closing.add(end(talk, "node-stopped", false));
        }
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return Future.join(closing).eventually(() -> unregistered).eventually(() -> client == null
                ? Future.succeededFuture() : client.close()).mapEmpty();
    }

    /** Talks on this node now. */
    public int activeTalks() {
        return talks.size();
    }

    Collection<TalkSession> sessions() {
        return talks.values();
    }

    private void onMessage(Message<Object> message) {
        Object body = message.body();
        if (body instanceof TalkOpen open) {
            onOpen(message, open);
        } else if (body instanceof TalkConnect connect) {
            onConnect(message, connect);
        } else if (body instanceof TalkClose close) {
            TalkSession talk = talks.get(close.talkId());
            if (talk == null) {
                message.fail(MediaNodeFailure.UNKNOWN_STREAM, "no talk " + close.talkId() + " on " + nodeId);
            } else {
                end(talk, close.reason() == null ? "closed" : close.reason(), false).onComplete(v -> message.reply(close));
            }
        } else {
            message.fail(MediaNodeFailure.BAD_REQUEST, "not a talk request: " + body);
        }
    }

    private void onOpen(Message<Object> message, TalkOpen open) {
        if (open.talkId() == null || open.talkId().isBlank() || talks.containsKey(open.talkId())) {
            message.fail(MediaNodeFailure.BAD_REQUEST, "a new talkId is required");
            return;
        }
        if (talks.size() >= config.maxTalks()) {
            message.fail(MediaNodeFailure.NO_PORT, "this media node sends " + config.maxTalks() + " talks already");
            return;
        }
        if (open.listenStreamId() != null && !"websocket".equals(open.source())) {
            message.fail(MediaNodeFailure.BAD_REQUEST, "a talk both ways takes its audio from the WebSocket");
            return;
        }
        Future<TalkAudio> source;
        if ("websocket".equals(open.source())) {
            // Opus is decoded by the FFmpeg program, whose first start unpacks it: not on the event loop
            source = Future.succeededFuture(new SocketAudio(container -> vertx.executeBlocking(() -> FfmpegAudio.piped(container), false)));
        } else if ("file".equals(open.source())) {
            String refusal = config.refusal(open.fileUrl());
            if (refusal != null) {
                message.fail(MediaNodeFailure.BAD_REQUEST, refusal);
                return;
            }
            String input = open.fileUrl().startsWith("file:") ? open.fileUrl().substring(5) : open.fileUrl();
            // the first start unpacks the FFmpeg program: not on the event loop
            source = vertx.<TalkAudio>executeBlocking(() -> FfmpegAudio.start(input), false);
        } else {
            message.fail(MediaNodeFailure.BAD_REQUEST, "source must be file or websocket");
            return;
        }
        source.onFailure(err -> message.fail(MediaNodeFailure.BAD_REQUEST, "cannot start FFmpeg for the file: " + err.getMessage()))
                .onSuccess(audio -> {
                    if (talks.containsKey(open.talkId())) {
                        audio.close();
                        message.fail(MediaNodeFailure.BAD_REQUEST, "a new talkId is required");
                        return;
                    }
                    TalkSession talk = new TalkSession(open.talkId(), open.deviceId(), open.channelId(), open.source(), audio,
                            System.currentTimeMillis());
                    if (open.listenStreamId() != null) {
                        DeviceAudioListener listener = new DeviceAudioListener(talk.talkId);
                        if (!streams.attach(open.listenStreamId(), listener)) {
                            audio.close();
                            message.fail(MediaNodeFailure.UNKNOWN_STREAM, "no stream " + open.listenStreamId() + " on " + nodeId
                                    + " to take the device's audio from");
                            return;
                        }
                        talk.listenStreamId = open.listenStreamId();
                        talk.listener = listener;
                    }
                    talks.put(talk.talkId, talk);
                    // a talk whose device never sends its INVITE does not hold its source for ever
                    vertx.setTimer(config.connectWaitMillis(), id -> {
                        if (talks.get(talk.talkId) == talk && !talk.connected()) {
                            end(talk, "no-invite", true);
                        }
                    });
                    message.reply(new TalkPrepared(talk.talkId, nodeId, advertisedHost, httpPort.getAsInt()));
                });
    }

    private void onConnect(Message<Object> message, TalkConnect connect) {
        TalkSession talk = talks.get(connect.talkId());
        if (talk == null) {
            message.fail(MediaNodeFailure.UNKNOWN_STREAM, "no talk " + connect.talkId() + " on " + nodeId);
            return;
        }
        if (talk.link != null || connect.transport() == null || connect.deviceHost() == null
                || connect.devicePort() < 1 || connect.devicePort() > 65535) {
            message.fail(MediaNodeFailure.BAD_REQUEST, "talk " + connect.talkId() + " is connected already or the request lacks the device's address");
            return;
        }
        TalkLink.open(vertx, bindHost, ports, connect.transport(), connect.deviceHost(), connect.devicePort())
                .onFailure(err -> message.fail(MediaNodeFailure.NO_PORT, "no port for the talk: " + err.getMessage()))
                .onSuccess(link -> {
                    if (talks.get(talk.talkId) != talk) {
                        link.close();
                        message.fail(MediaNodeFailure.UNKNOWN_STREAM, "talk " + talk.talkId + " ended meanwhile");
                        return;
                    }
                    talk.link = link;
                    talk.packetizer = new G711Packetizer(connect.alaw(), connect.payloadType(), G711Packetizer.ssrcOf(connect.ssrc()));
                    message.reply(new TalkMediaPort(talk.talkId, advertisedHost, link.port()));
                    LOG.info("talk {} to {} sends {} over {} from port {} to {}:{}", talk.talkId, talk.channelId,
                            connect.alaw() ? "PCMA" : "PCMU", connect.transport(), link.port(), connect.deviceHost(), connect.devicePort());
                    link.connect(vertx, client, config.connectWaitMillis())
                            .onFailure(err -> end(talk, "connection-failed", true));
                    if (connect.transport() == io.gbmesh.contracts.MediaTransport.TCP_PASSIVE) {
                        vertx.setTimer(config.connectWaitMillis(), id -> {
                            if (talks.get(talk.talkId) == talk && !link.ready()) {
                                end(talk, "no-connection", true);
                            }
                        });
                    }
                });
    }

    private void tick() {
        if (talks.isEmpty()) {
            return;
        }
        long now = nanos.getAsLong();
        for (TalkSession talk : new ArrayList<>(talks.values())) {
            resumeIfDrained(talk);
            String ended = talk.tick(now);
            if (ended != null) {
                end(talk, ended, true);
            }
        }
    }

    private Future<Void> end(TalkSession talk, String reason, boolean publish) {
        if (talks.remove(talk.talkId) != talk) {
            return Future.succeededFuture();
        }
        talk.audio.close();
        if (talk.listener != null) {
            streams.detach(talk.listenStreamId, talk.listener);
            LOG.info("talk {}: {} messages of the device's audio sent back, {} dropped", talk.talkId,
                    talk.listener.sentMessages(), talk.listener.droppedMessages());
        }
        LOG.info("talk {} ended ({}): {} packets, {} of silence, {} skipped", talk.talkId, reason, talk.sent, talk.silent,
                talk.skipped);
        if (publish) {
            vertx.eventBus().publish(Addresses.TALK_ENDED, new TalkEnded(talk.talkId, reason, System.currentTimeMillis()));
        }
        return talk.link == null ? Future.succeededFuture() : talk.link.close();
    }

    /**
     * The talk's audio WebSocket: the token the API signed for this talk, then binary frames of PCM
     * go to its source. Closing the socket ends the talk once what was sent has been played.
     */
    public void audioSocket(RoutingContext ctx) {
        String talkId = ctx.pathParam("talkId");
        MediaUrlToken.Check check = tokens.check(ctx.request().getParam("token"), MediaUrlToken.TALK, talkId,
                System.currentTimeMillis());
        if (check != MediaUrlToken.Check.VALID) {
            context.runOnContext(v -> refusedSockets++);
            ctx.response().setStatusCode(401).end("this URL needs the talk's token (the audioUrl the API gives)");
            return;
        }
        boolean opus = "opus".equalsIgnoreCase(ctx.request().getParam("codec"));
        ctx.request().toWebSocket().onSuccess(ws -> context.runOnContext(v -> attach(talkId, ws, opus)))
                .onFailure(err -> LOG.debug("talk {} WebSocket upgrade failed: {}", talkId, err.getMessage()));
    }

    private void attach(String talkId, ServerWebSocket ws, boolean opus) {
        if (ws.isClosed()) {
            return; // the client went away during the upgrade
        }
        TalkSession talk = talks.get(talkId);
        if (talk == null || !(talk.audio instanceof SocketAudio socket)) {
            ws.close((short) 4404, "no talk taking audio from a WebSocket");
            return;
        }
        if (talk.socket != null) {
            // one speaker per talk: a second socket's close would otherwise end the first one's talk
            secondSockets++;
            ws.close((short) CLOSE_SECOND_SOCKET, "this talk takes its audio from another WebSocket already");
            return;
        }
        talk.socket = ws;
        if (opus) {
            socket.expectOpus();
        }
        java.util.concurrent.atomic.AtomicLong inFlight = talk.socketInFlight;
        ws.binaryMessageHandler(data -> {
            byte[] bytes = data.getBytes();
            long queued = inFlight.addAndGet(bytes.length) + socket.queuedBytes();
            if (queued > SocketAudio.MAX_QUEUED_BYTES) {
                inFlight.addAndGet(-bytes.length);
                // paused and still sending (or one message larger than the bound): not a browser's microphone
                context.runOnContext(v -> overSent(talk, ws));
                return;
            }
            if (queued >= PAUSE_BYTES && talk.socketPaused.compareAndSet(false, true)) {
                ws.pause();
                context.runOnContext(v -> socketPauses++);
            }
            context.runOnContext(v -> {
                inFlight.addAndGet(-bytes.length);
                socket.push(bytes);
                if (socket.refusal() != null && !ws.isClosed()) {
                    refusedAudio++;
                    ws.close((short) 1003, socket.refusal());
                }
            });
        });
        ws.exceptionHandler(err -> {
            if (err instanceof IllegalStateException) {
                // Vert.x drops a message over the node's MAX_SOCKET_MESSAGE and says so here: not a microphone's slice
                context.runOnContext(v -> overSent(talk, ws));
            } else {
                LOG.debug("talk {} WebSocket: {}", talkId, err.getMessage());
            }
        });
        DeviceAudioListener listener = talk.listener;
        if (listener != null) {
            listener.socket(ws);
        }
        ws.closeHandler(v -> context.runOnContext(x -> {
            if (listener != null) {
                listener.socket(null);
            }
            socket.finish();
        }));
    }

    private void overSent(TalkSession talk, ServerWebSocket ws) {
        if (!ws.isClosed()) {
            oversentSockets++;
            LOG.info("talk {}: its WebSocket sends faster than the talk plays; closed", talk.talkId);
            ws.close((short) 1009, "more audio than the talk can hold");
        }
    }

    /** A socket paused because its audio waits for FFmpeg reads again once FFmpeg has caught up. */
    private void resumeIfDrained(TalkSession talk) {
        if (talk.socketPaused.get() && talk.audio instanceof SocketAudio socket
                && socket.queuedBytes() + talk.socketInFlight.get() <= RESUME_BYTES) {
            talk.socketPaused.set(false);
            talk.socket.resume();
        }
    }

    /** Counters of the talks' WebSockets. */
    public record SocketCounters(long refused, long second, long refusedAudio, long overSent, long pauses) {
    }

    public SocketCounters socketCounters() {
        return new SocketCounters(refusedSockets, secondSockets, refusedAudio, oversentSockets, socketPauses);
    }

    /** The most bytes of a talk's audio that waited for FFmpeg at once, over the talks on this node now. */
    public long maxQueuedAudioBytes() {
        long max = 0;
        for (TalkSession talk : talks.values()) {
            if (talk.audio instanceof SocketAudio socket) {
                max = Math.max(max, socket.maxQueuedBytes());
            }
        }
        return max;
    }
}
