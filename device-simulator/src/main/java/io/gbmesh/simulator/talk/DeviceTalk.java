package io.gbmesh.simulator.talk;

import io.gbmesh.protocol.manscdp.ManscdpBroadcast;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpRoot;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.Rfc4571FramingException;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.protocol.rtp.RtpParseException;
import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated device's side of voice broadcast (reference 4.7, 6.12): it answers the platform's
 * Broadcast notification with {@code Result OK}, then sends its own INVITE for audio with
 * {@code m=audio} offering PCMA and PCMU (over UDP, or TCP with {@code setup:active} or
 * {@code setup:passive} as {@link #mode(TalkMode)} says), ACKs the 200, and writes the G.711 it
 * receives into a WAV file under {@link #outputDir(Path)}. The platform's BYE closes the file;
 * {@link #hangUp()} sends the device's own BYE. One talk at a time. Used on the device's event loop.
 */
public final class DeviceTalk {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceTalk.class);

    private final Vertx vertx;
    private final String deviceId;
    private final String serverId;
    private final String domain;
    private final String localHost;
    private final Supplier<SipEndpoint> endpoint;
    private final Supplier<Peer> server;
    private final Function<byte[], Future<SipResponse>> sendMessage;
    private volatile TalkMode mode = TalkMode.UDP;
    private volatile Path outputDir;
    private volatile boolean refuse;
    private long cseq = 1;

    // the talk under way
    private String callId;
    private NameAddress local;
    private NameAddress remote;
    private SipUri remoteTarget;
    private DatagramSocket udp;
    private NetServer tcpServer;
    private NetSocket tcp;
    private final Rfc4571Framer framer = new Rfc4571Framer();
    private WavWriter wav;
    private volatile Path lastFile;
    private volatile long packets;
    private volatile int broadcasts;
    private volatile int byesReceived;
    private volatile boolean active;

    public DeviceTalk(Vertx vertx, String deviceId, String serverId, String domain, String localHost,
                      Supplier<SipEndpoint> endpoint, Supplier<Peer> server, Function<byte[], Future<SipResponse>> sendMessage) {
        this.vertx = vertx;
        this.deviceId = deviceId;
        this.serverId = serverId;
        this.domain = domain;
        this.localHost = localHost;
        this.endpoint = endpoint;
        this.server = server;
        this.sendMessage = sendMessage;
    }

    public DeviceTalk mode(TalkMode value) {
        mode = value;
        return this;
    }

    /** Where received audio is written ({@code talk-<channel>-<time>.wav}); null: received but not written. */
    public DeviceTalk outputDir(Path dir) {
        outputDir = dir;
        return this;
    }

    /** Answer Broadcast notifications with {@code Result ERROR} (a device without a speaker). */
    public DeviceTalk refuse(boolean value) {
        refuse = value;
        return this;
    }

    /** True for a {@code Notify} with CmdType Broadcast. */
    public static boolean isBroadcast(byte[] body) {
        try {
            ManscdpDocument doc = ManscdpCodec.parse(body);
            return doc.root() == ManscdpRoot.Notify && doc.isCmdType(ManscdpBroadcast.CMD_TYPE);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The platform's Broadcast notification: 200, the Response, then our INVITE for the audio. */
    public void onBroadcast(ServerTransaction tx) {
        tx.respond(SipResponse.to(tx.request(), 200, Branches.tag()).build());
        ManscdpDocument doc = ManscdpCodec.parse(tx.request().body());
        String target = doc.text("TargetID").orElse(deviceId);
        String source = doc.text("SourceID").orElse(serverId);
        broadcasts++;
        boolean ok = !refuse && !active;
        sendMessage.apply(ManscdpBroadcast.response(doc.sn(), target, ok)).onComplete(ar -> {
            if (ok) {
                invite(source, target);
            }
        });
    }

    private void invite(String source, String channelId) {
        active = true;
        listen().compose(port -> {
            SipEndpoint ep = endpoint.get();
            Peer platform = server.get();
            callId = Branches.callId();
            local = NameAddress.of(SipUri.of(deviceId, domain, -1)).withTag(Branches.tag());
            SipUri to = SipUri.of(source, platform.host(), platform.port());
            SipRequest invite = SipRequest.builder("INVITE", to)
                    .via(ep.newVia(platform.transport()))
                    .from(local)
                    .to(NameAddress.of(to))
                    .callId(callId)
                    .cseq(cseq++, "INVITE")
                    .contact(NameAddress.of(SipUri.of(deviceId, localHost, ep.port())))
                    .header(SipHeaderNames.MAX_FORWARDS, 70)
                    .header(SipHeaderNames.USER_AGENT, "IP Camera")
                    .header(SipHeaderNames.SUBJECT, source + ":1," + channelId + ":2")
                    .body("application/sdp", offer(port).getBytes(StandardCharsets.US_ASCII))
                    .build();
            return ep.request(invite, platform).map(ok -> {
                answered(invite, ok, platform);
                return ok;
            });
        }).onFailure(err -> {
            LOG.warn("device {} talk INVITE failed: {}", deviceId, err.getMessage());
            finish();
        });
    }

    /** The device's offer (reference 6.12): {@code m=audio} receiving PCMA or PCMU, TCP with its setup. */
    String offer(int port) {
        boolean tcpMode = mode != TalkMode.UDP;
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=").append(deviceId).append(" 0 0 IN IP4 ").append(localHost).append("\r\n")
                .append("s=Play\r\n")
                .append("c=IN IP4 ").append(localHost).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(port).append(tcpMode ? " TCP/RTP/AVP" : " RTP/AVP").append(" 8 0 96\r\n");
        if (tcpMode) {
            sdp.append("a=setup:").append(mode == TalkMode.TCP_ACTIVE ? "active" : "passive").append("\r\n")
                    .append("a=connection:new\r\n");
        }
        return sdp.append("a=recvonly\r\n")
                .append("a=rtpmap:8 PCMA/8000\r\n")
                .append("a=rtpmap:0 PCMU/8000\r\n")
                .append("a=rtpmap:96 PS/90000\r\n")
                .append("y=0100000001\r\n")
                .append("f=v/////a/1/8/1\r\n")
                .toString();
    }

    /** Binds where the audio arrives: a UDP port, or a TCP port to listen on (passive) or to name (active). */
    private Future<Integer> listen() {
        if (mode == TalkMode.TCP_PASSIVE) {
            return vertx.createNetServer().connectHandler(this::attach).listen(0, localHost).map(s -> {
                tcpServer = s;
                return s.actualPort();
            });
        }
        return vertx.createDatagramSocket().listen(0, localHost).map(s -> {
            udp = s;
            s.handler(packet -> receive(packet.data().getBytes()));
            return s.localAddress().port();
        });
    }

    private void answered(SipRequest invite, SipResponse ok, Peer platform) {
        if (!ok.isSuccess()) {
            LOG.warn("device {} talk INVITE answered {}", deviceId, ok.statusCode());
            finish();
            return;
        }
        remote = ok.to();
        try {
            remoteTarget = ok.contact().map(NameAddress::uri).orElse(invite.requestUri());
        } catch (io.gbmesh.protocol.sip.SipParseException | RuntimeException e) {
            remoteTarget = invite.requestUri();
        }
        SipRequest ack = SipRequest.builder("ACK", remoteTarget)
                .via(endpoint.get().newVia(platform.transport()))
                .from(local).to(remote).callId(callId).cseq(invite.cseq().sequence(), "ACK")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
        endpoint.get().sendRaw(ack, platform);
        SessionDescription answer = SessionDescription.parse(new String(ok.body(), StandardCharsets.US_ASCII));
        boolean alaw = answer.firstMedia().map(m -> m.payloadTypes().contains(8)).orElse(true);
        if (outputDir != null) {
            try {
                Path file = outputDir.resolve("talk-" + deviceId + "-" + System.currentTimeMillis() + ".wav");
                wav = new WavWriter(file, alaw);
                lastFile = file;
            } catch (IOException e) {
                LOG.warn("device {} cannot write the talk's audio: {}", deviceId, e.getMessage());
            }
        }
        if (mode == TalkMode.TCP_ACTIVE) {
            // we said setup:active: connect to the port of the platform's answer
            String host = answer.connectionAddress().orElse(platform.host());
            int port = answer.firstMedia().orElseThrow().port();
            vertx.createNetClient().connect(port, host).onSuccess(this::attach)
                    .onFailure(err -> LOG.warn("device {} cannot connect for the talk's audio: {}", deviceId, err.getMessage()));
        }
    }

    private void attach(NetSocket socket) {
        if (tcp != null) {
            socket.close();
            return;
        }
        tcp = socket;
        socket.handler(data -> {
            byte[] bytes = data.getBytes();
            try {
                framer.feed(bytes, 0, bytes.length, this::receive);
            } catch (Rfc4571FramingException e) {
                socket.close();
            }
        });
    }

    private void receive(byte[] packet) {
        if (!active) {
            return;
        }
        try {
            RtpPacket rtp = RtpPacket.parse(packet);
            if (rtp.payloadType() != 8 && rtp.payloadType() != 0) {
                return;
            }
            packets++;
            if (wav != null) {
                wav.write(rtp.payloadBytes());
            }
        } catch (RtpParseException | IOException e) {
            LOG.debug("device {} dropped a talk packet: {}", deviceId, e.getMessage());
        }
    }

    /** A BYE of the talk's dialog: true when it was ours (answered 200 and the talk closed). */
    public boolean onBye(ServerTransaction tx) {
        if (callId == null || !callId.equals(tx.request().callId())) {
            return false;
        }
        tx.respond(SipResponse.to(tx.request(), 200, Branches.tag()).build());
        byesReceived++;
        finish();
        return true;
    }

    /** The device ends the talk: its own BYE to the platform. */
    public Future<SipResponse> hangUp() {
        if (callId == null || remote == null) {
            return Future.failedFuture("no talk");
        }
        Peer platform = server.get();
        SipRequest bye = SipRequest.builder("BYE", remoteTarget)
                .via(endpoint.get().newVia(platform.transport()))
                .from(local).to(remote).callId(callId).cseq(cseq++, "BYE")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
        return endpoint.get().request(bye, platform).onComplete(ar -> finish());
    }

    private void finish() {
        active = false;
        callId = null;
        remote = null;
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            tcp.close();
            tcp = null;
        }
        if (tcpServer != null) {
            tcpServer.close();
            tcpServer = null;
        }
        if (wav != null) {
            try {
                wav.close();
            } catch (IOException e) {
                LOG.warn("device {} could not finish the talk's file: {}", deviceId, e.getMessage());
            }
            wav = null;
        }
    }

    /** The file of the last talk (complete once {@link #active()} is false). */
    public Path lastFile() {
        return lastFile;
    }

    public boolean active() {
        return active;
    }

    public long packetsReceived() {
        return packets;
    }

    public int broadcastsReceived() {
        return broadcasts;
    }

    public int byesReceived() {
        return byesReceived;
    }

    SipTransport transport() {
        return server.get().transport();
    }
}
