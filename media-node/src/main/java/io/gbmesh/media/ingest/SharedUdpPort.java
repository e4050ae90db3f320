package io.gbmesh.media.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * The node's one UDP port shared by many streams (reference 7.4 point 14): the SSRC of each packet
 * says which stream it belongs to. Packets of an SSRC no stream expects, and datagrams too short to
 * carry one, are dropped and counted. Which sender a stream takes its packets from is the stream's
 * decision (its source lock), as on a port of its own.
 */
public final class SharedUdpPort {

    private final UdpChannel socket;
    private final int port;
    private final Map<Long, RtpReceiver> routes = new HashMap<>();
    private long unknownSsrcDropped;

    private SharedUdpPort(UdpChannel socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    public static Future<SharedUdpPort> bind(Vertx vertx, String host, int port) {
        SharedUdpPort[] self = new SharedUdpPort[1];
        return UdpChannel.bind(vertx, host, port, (data, off, len, source) -> {
            if (self[0] != null) {
                self[0].datagram(data, source);
            }
        }).map(s -> self[0] = new SharedUdpPort(s, s.port()));
    }

    private void datagram(byte[] data, java.net.InetSocketAddress source) {
        RtpReceiver receiver = data.length >= 12 && (data[0] & 0xC0) == 0x80 ? routes.get(ssrcOf(data)) : null;
        if (receiver == null) {
            unknownSsrcDropped++;
            return;
        }
        receiver.rtp(data, 0, data.length, source);
    }

    private static long ssrcOf(byte[] d) {
        return ((long) (d[8] & 0xFF) << 24) | ((d[9] & 0xFF) << 16) | ((d[10] & 0xFF) << 8) | (d[11] & 0xFF);
    }

    /** Packets with this SSRC go to {@code receiver} from now on. */
    public void route(long ssrc, RtpReceiver receiver) {
        routes.put(ssrc, receiver);
    }

    public void unroute(long ssrc, RtpReceiver receiver) {
        routes.remove(ssrc, receiver);
    }

    public boolean routes(long ssrc) {
        return routes.containsKey(ssrc);
    }

    public int port() {
        return port;
    }

    public long unknownSsrcDropped() {
        return unknownSsrcDropped;
    }

    public Future<Void> close() {
        return socket.close();
    }
}
