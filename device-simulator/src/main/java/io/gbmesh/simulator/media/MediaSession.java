package io.gbmesh.simulator.media;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.ServerTransaction;
import io.vertx.core.Future;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * One INVITE dialog at the device and the stream it carries: how the RTP goes (the transport the
 * platform offered), where, with which SSRC, and the state from the 200 to the BYE.
 */
final class MediaSession {
    /** Who opens the TCP connection for the media, from the device's side (RFC 4145). */
    enum Mode { UDP, DEVICE_CONNECTS, DEVICE_LISTENS }

    final String callId;
    final Mode mode;
    /** Where the platform wants the RTP (UDP, or TCP when the device connects). */
    final String targetHost;
    final int targetPort;
    final long sentSsrc;
    /** The platform's side: From of its INVITE, with its tag. */
    final NameAddress platform;
    /** Our side: To of the INVITE with our tag. */
    NameAddress device;
    /** Where the platform takes requests in the dialog: its Contact, reached over the INVITE's source. */
    final SipUri platformTarget;
    final Peer platformPeer;
    ServerTransaction invite;
    SipResponse ok;
    long okTimer = -1;
    boolean acked;
    boolean ended;
    DatagramSocket udp;
    NetServer server;
    NetSocket connection;
    PsStreamer streamer;
    /** A playback or download: the recorded range ({@code t=}), its speed, and its replay once ACKed. */
    RecordedRange range;
    RecordedStreamer recorded;

    MediaSession(String callId, Mode mode, String targetHost, int targetPort, long sentSsrc, NameAddress platform,
                 SipUri platformTarget, Peer platformPeer) {
        this.callId = callId;
        this.mode = mode;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.sentSsrc = sentSsrc;
        this.platform = platform;
        this.platformTarget = platformTarget;
        this.platformPeer = platformPeer;
    }

    long packets() {
        return recorded != null ? recorded.packets() : streamer == null ? 0 : streamer.packets();
    }

    /** What a Playback or Download INVITE asked: channel, range (epoch seconds), speed. */
    record RecordedRange(boolean download, String channelId, long start, long end, double speed) {
    }

    /** Stops the stream and lets go of its sockets. */
    Future<Void> end() {
        ended = true;
        if (streamer != null) {
            streamer.stop();
        }
        if (recorded != null) {
            recorded.stop();
        }
        Future<Void> u = udp == null ? Future.succeededFuture() : udp.close();
        Future<Void> s = server == null ? Future.succeededFuture() : server.close();
        Future<Void> c = connection == null ? Future.succeededFuture() : connection.close();
        return Future.join(u, s, c).mapEmpty();
    }
}
