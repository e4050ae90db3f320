package io.gbmesh.simulator.media;

import io.gbmesh.protocol.sdp.GbAnswerSdp;
import io.gbmesh.protocol.sdp.MediaDescription;
import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sdp.Setup;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of a simulated device (reference 4.4, 6.8; GB/T 28181-2016 §9.2): answers an
 * INVITE with 100 Trying and a 200 carrying its SDP, honouring the offered transport (UDP: sends to
 * the offered address; TCP with the platform passive: connects to it; TCP with the platform active:
 * listens on the port it answers), streams its PS file from the ACK on, and stops on BYE. Several
 * streams may run at once. Runs on the device's event loop.
 */
public final class MediaSessions {
    private static final Logger LOG = LoggerFactory.getLogger(MediaSessions.class);

    private final Vertx vertx;
    private final SipEndpoint endpoint;
    private final String deviceId;
    private final String localHost;
    private final MediaOptions options;
    /** By Call-ID; read by tests from other threads, changed on the event loop only. */
    private final Map<String, MediaSession> sessions = new ConcurrentHashMap<>();
    private long cseq = ThreadLocalRandom.current().nextInt(1, 10_000);
    private final AtomicLong ended = new AtomicLong();

    public MediaSessions(Vertx vertx, SipEndpoint endpoint, String deviceId, String localHost, MediaOptions options) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.deviceId = deviceId;
        this.localHost = localHost;
        this.options = options;
    }

    /** INVITE, ACK, BYE or INFO from the platform. */
    public void handle(ServerTransaction tx) {
        switch (tx.request().method()) {
            case "INVITE" -> onInvite(tx);
            case "ACK" -> onAck(tx.request());
            case "BYE" -> onBye(tx);
            // MANSRTSP playback control: pause, speed, seek of a playback's replay
            case "INFO" -> onInfo(tx);
            default -> respond(tx, 501);
        }
    }

    private void onInvite(ServerTransaction tx) {
        SipRequest invite = tx.request();
        if (invite.to().tag().isPresent()) {
            respond(tx, sessions.containsKey(invite.callId()) ? 488 : 481); // no re-INVITE in the simulator
            return;
        }
        tx.respond(SipResponse.to(invite, 100, null).build());
        if (options.inviteStatus() == 0) {
            return; // a device that hangs after Trying
        }
        if (options.inviteStatus() != 200) {
            respond(tx, options.inviteStatus());
            return;
        }
        SessionDescription offer;
        MediaDescription media;
        try {
            offer = SessionDescription.parse(new String(invite.body(), StandardCharsets.UTF_8));
            media = offer.firstMedia().orElseThrow(() -> new IllegalArgumentException("no m= line"));
            offer.connectionAddress().orElseThrow(() -> new IllegalArgumentException("no c= line"));
        } catch (RuntimeException e) {
            tx.respond(SipResponse.to(invite, 488, Branches.tag()).reason("Not Acceptable Here: " + e.getMessage()).build());
            return;
        }
        MediaSession.Mode mode = !media.isTcp() ? MediaSession.Mode.UDP
                : offer.setup().orElse(Setup.PASSIVE) == Setup.ACTIVE ? MediaSession.Mode.DEVICE_LISTENS
                : MediaSession.Mode.DEVICE_CONNECTS;
        String offeredSsrc = offer.ssrc().orElse("0000000000");
        String answeredSsrc = options.answeredSsrc() != null ? options.answeredSsrc() : offeredSsrc;
        String sentSsrc = options.sentSsrc() != null ? options.sentSsrc() : answeredSsrc;
        MediaSession session = new MediaSession(invite.callId(), mode, offer.connectionAddress().get(), media.port(),
                Long.parseLong(sentSsrc) & 0xFFFFFFFFL, invite.from(), platformTarget(invite), tx.source());
        session.device = invite.to().withTag(Branches.tag());
        session.invite = tx;
        session.range = recordedRange(offer, invite);
        if (session.range != null) {
            long[] span = replaySpan.apply(session.range.start(), session.range.end());
            session.range = new MediaSession.RecordedRange(session.range.download(), session.range.channelId(), span[0],
                    Math.max(span[0] + 1, span[1]), session.range.speed());
        }
        sessions.put(session.callId, session);
        Future<Long> fileSize = session.range == null ? Future.succeededFuture(0L)
                : PsRecording.load(vertx, options.mediaFile()).map(r -> RecordedStreamer.fileSize(r,
                        session.range.end() - session.range.start()));
        fileSize.compose(size -> openMedia(session).map(port -> new long[] {port, size})).onComplete(ar -> {
            if (ar.failed()) {
                sessions.remove(session.callId);
                session.end();
                respond(tx, 500);
                return;
            }
            SessionDescription answer = GbAnswerSdp.answering(offer)
                    .deviceId(deviceId)
                    .sessionId(ThreadLocalRandom.current().nextInt(1, 10_000))
                    .address(localHost)
                    .port((int) ar.result()[0])
                    .ssrc(answeredSsrc)
                    .fileSize(ar.result()[1])
                    .build();
            session.ok = SipResponse.to(invite, 200, null)
                    .to(session.device)
                    .contact(NameAddress.of(SipUri.of(deviceId, endpoint.advertisedHost(), endpoint.port())))
                    .header(SipHeaderNames.CONTENT_LENGTH, 0)
                    .body("application/sdp", answer.encode().getBytes(StandardCharsets.UTF_8))
                    .build();
            tx.respond(session.ok);
            if (tx.source().transport() == SipTransport.UDP) {
                retransmitOk(session, 500, 0);
            }
        });
    }

    /** The port the answer names: the UDP socket sent from, the TCP port listened on, or the SIP port when connecting out. */
    private Future<Integer> openMedia(MediaSession session) {
        return switch (session.mode) {
            case UDP -> {
                DatagramSocket socket = vertx.createDatagramSocket();
                session.udp = socket;
                yield socket.listen(0, localHost).map(s -> s.localAddress().port());
            }
            case DEVICE_LISTENS -> {
                NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
                session.server = server;
                server.connectHandler(socket -> onPlatformConnected(session, socket));
                yield server.listen(0, localHost).map(NetServer::actualPort);
            }
            case DEVICE_CONNECTS -> Future.succeededFuture(endpoint.port());
        };
    }

    /** RFC 3261 §13.3.1.4: the 200 again at T1, doubling up to T2, until the ACK, for 64·T1. */
    private void retransmitOk(MediaSession session, long interval, long spent) {
        session.okTimer = vertx.setTimer(interval, id -> {
            if (session.acked || session.ended || !sessions.containsKey(session.callId)) {
                return;
            }
            if (spent + interval >= 32_000) {
                LOG.debug("{}: no ACK for {}, ending it", deviceId, session.callId);
                sessions.remove(session.callId);
                session.end();
                return;
            }
            session.invite.respond(session.ok);
            retransmitOk(session, Math.min(interval * 2, 4000), spent + interval);
        });
    }

    private void onAck(SipRequest ack) {
        MediaSession session = sessions.get(ack.callId());
        if (session == null || session.acked || session.ok == null) {
            return;
        }
        session.acked = true;
        vertx.cancelTimer(session.okTimer);
        PsRecording.load(vertx, options.mediaFile()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("{}: cannot load media {}: {}", deviceId, options.mediaFile(), ar.cause().getMessage());
                return;
            }
            if (session.ended) {
                return;
            }
            switch (session.mode) {
                case UDP -> stream(session, ar.result(), RtpSender.udp(session.udp, session.targetHost, session.targetPort));
                case DEVICE_CONNECTS -> vertx.createNetClient().connect(session.targetPort, session.targetHost).onComplete(c -> {
                    if (c.failed()) {
                        LOG.warn("{}: cannot connect to {}:{} for {}: {}", deviceId, session.targetHost, session.targetPort,
                                session.callId, c.cause().getMessage());
                    } else if (session.ended) {
                        c.result().close();
                    } else {
                        session.connection = c.result();
                        stream(session, ar.result(), RtpSender.tcp(c.result()));
                    }
                });
                case DEVICE_LISTENS -> {
                    if (session.connection != null) {
                        stream(session, ar.result(), RtpSender.tcp(session.connection));
                    }
                }
            }
        });
    }

    private void onPlatformConnected(MediaSession session, NetSocket socket) {
        if (session.ended || session.connection != null) {
            socket.close(); // one connection per stream
            return;
        }
        session.connection = socket;
        socket.handler(data -> { }); // RTCP or nothing: ignored
        if (session.acked) {
            PsRecording.load(vertx, options.mediaFile()).onSuccess(recording -> {
                if (!session.ended) {
                    stream(session, recording, RtpSender.tcp(socket));
                }
            });
        }
    }

    private void stream(MediaSession session, PsRecording recording, RtpSender sender) {
        if (session.streamer != null || session.recorded != null) {
            return;
        }
        if (session.range != null) {
            MediaSession.RecordedRange r = session.range;
            session.recorded = new RecordedStreamer(vertx, recording, sender, session.sentSsrc, r.start(), r.end() - r.start(),
                    r.speed(), () -> endOfFile.accept(r.channelId(), session.callId));
            session.recorded.mutedWhen(() -> muted);
            session.recorded.start();
            if (session.connection != null) {
                session.connection.closeHandler(v -> session.recorded.stop());
            }
            return;
        }
        session.streamer = new PsStreamer(vertx, recording, sender, session.sentSsrc);
        session.streamer.mutedWhen(() -> muted);
        session.streamer.start();
        if (session.connection != null) {
            session.connection.closeHandler(v -> session.streamer.stop());
        }
    }

    private void onBye(ServerTransaction tx) {
        MediaSession session = sessions.remove(tx.request().callId());
        if (session == null) {
            respond(tx, 481);
            return;
        }
        session.end();
        ended.incrementAndGet();
        respond(tx, 200);
    }

    /** The device ends a stream itself (a recording that reached its end): BYE to the platform, then stop. */
    private volatile boolean muted;

    /** Stops (or resumes) sending media on every stream without ending the dialogs, as a broken uplink would. */
    public void mute(boolean on) {
        this.muted = on;
    }

    /** The dialog's parties as the device sends in it (From: the device with its tag, To: the platform with its tag), null when none. */
    public io.gbmesh.protocol.sip.NameAddress[] dialogParties(String callId) {
        MediaSession session = sessions.get(callId);
        return session == null ? null : new io.gbmesh.protocol.sip.NameAddress[] {session.device, session.platform};
    }

    public Future<Integer> bye(String callId) {
        MediaSession session = sessions.remove(callId);
        if (session == null) {
            return Future.failedFuture("no stream with Call-ID " + callId);
        }
        session.end();
        ended.incrementAndGet();
        SipRequest bye = SipRequest.builder("BYE", session.platformTarget)
                .via(endpoint.newVia(session.platformPeer.transport()))
                .from(session.device)
                .to(session.platform)
                .callId(callId)
                .cseq(cseq++, "BYE")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.USER_AGENT, "IP Camera")
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
        return endpoint.request(bye, session.platformPeer).map(SipResponse::statusCode);
    }

    /** Where the end of a replayed range goes (the device sends MediaStatus 121 for the channel), with the dialog's Call-ID. */
    private java.util.function.BiConsumer<String, String> endOfFile = (channelId, callId) -> { };

    public void endOfFileHandler(java.util.function.BiConsumer<String, String> handler) {
        this.endOfFile = handler;
    }

    /** What an INVITE's range {start, end} replays (epoch seconds): the range itself unless set. */
    private java.util.function.BiFunction<Long, Long, long[]> replaySpan = (start, end) -> new long[] {start, end};

    public void replaySpan(java.util.function.BiFunction<Long, Long, long[]> span) {
        this.replaySpan = span;
    }

    /**
     * The range of a Playback or Download INVITE ({@code s=}, {@code t=}, {@code a=downloadspeed}),
     * or null for a live Play; the channel is the user of the Request-URI.
     */
    private static MediaSession.RecordedRange recordedRange(SessionDescription offer, SipRequest invite) {
        String name = offer.sessionName();
        boolean download = name.equalsIgnoreCase("Download");
        if (!download && !name.equalsIgnoreCase("Playback")) {
            return null;
        }
        long start = offer.timing().start();
        long end = Math.max(start + 1, offer.timing().stop());
        double speed = download ? Math.max(1, Math.min(32, offer.downloadSpeed().orElse(1))) : 1;
        return new MediaSession.RecordedRange(download, invite.requestUri().user(), start, end, speed);
    }

    /** MANSRTSP in an INFO (GB/T 28181-2016 annex B): PLAY resumes, changes the scale or seeks; PAUSE pauses. */
    private void onInfo(ServerTransaction tx) {
        MediaSession session = sessions.get(tx.request().callId());
        if (session == null) {
            respond(tx, 481);
            return;
        }
        io.gbmesh.protocol.rtsp.MansRtsp control;
        try {
            control = io.gbmesh.protocol.rtsp.MansRtsp.parse(tx.request().body());
        } catch (io.gbmesh.protocol.rtsp.MansRtspParseException e) {
            tx.respond(SipResponse.to(tx.request(), 400, Branches.tag()).reason("Bad MANSRTSP").build());
            return;
        }
        controlsReceived.incrementAndGet();
        RecordedStreamer r = session.recorded;
        if (r != null) {
            switch (control.method()) {
                case PAUSE -> r.pause();
                case PLAY -> {
                    control.scale().ifPresent(r::speed);
                    control.position().ifPresent(r::seek);
                    if (control.resume() || control.position().isPresent()) {
                        r.resume();
                    }
                }
                case TEARDOWN -> r.stop();
            }
        }
        respond(tx, 200);
    }

    private final AtomicLong controlsReceived = new AtomicLong();

    /** MANSRTSP controls taken so far. */
    public long controlsReceived() {
        return controlsReceived.get();
    }

    /** The replay of a playback or download: seconds of media sent from its range's start, speed, paused; null for none. */
    public double[] replayState(String callId) {
        MediaSession s = sessions.get(callId);
        if (s == null || s.recorded == null) {
            return null;
        }
        return new double[] {s.recorded.positionSeconds(), s.recorded.speed(), s.recorded.paused() ? 1 : 0};
    }

    /** Call-IDs of the streams set up (answered, not yet ended). */
    public List<String> callIds() {
        return new ArrayList<>(sessions.keySet());
    }

    /** Streams currently sending RTP. */
    public int streaming() {
        return (int) sessions.values().stream().filter(s -> s.streamer != null && s.streamer.running()).count();
    }

    /** RTP packets sent by the streams still open. */
    public long packetsSent() {
        return sessions.values().stream().mapToLong(MediaSession::packets).sum();
    }

    /** Streams ended by either side so far. */
    public long streamsEnded() {
        return ended.get();
    }

    public Future<Void> closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        for (MediaSession s : sessions.values()) {
            closing.add(s.end());
        }
        sessions.clear();
        return Future.join(closing).mapEmpty();
    }

    private static SipUri platformTarget(SipRequest invite) {
        try {
            return invite.contact().map(NameAddress::uri).orElse(invite.from().uri());
        } catch (SipParseException e) {
            return invite.from().uri();
        }
    }

    private static void respond(ServerTransaction tx, int code) {
        tx.respond(SipResponse.to(tx.request(), code, Branches.tag()).build());
    }
}
