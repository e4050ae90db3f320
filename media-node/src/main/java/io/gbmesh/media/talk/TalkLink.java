package io.gbmesh.media.talk;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.media.RtpPortPool;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * How a talk's RTP reaches the device (reference 4.7 points 5 and 7, 7.4 point 20): UDP from a port
 * of the node's range to the device's port; TCP passive, listening on a port of the range for the
 * device to connect (from the device's address only); TCP active, connecting to the device's port.
 * Over TCP every packet is framed with its 16-bit length (RFC 4571). The port named in the answer
 * SDP is claimed from the range in every mode (over TCP active it is held but the connection leaves
 * from an ephemeral port). Used on the media node's event loop.
 */
final class TalkLink {
    private final MediaTransport transport;
    private final RtpPortPool ports;
    private final int port;
    private final DatagramSocket udp;
    private final NetServer server;
    private final String deviceHost;
    private final int devicePort;
    private NetSocket tcp;
    private boolean lost;
    private boolean closed;
    long dropped;
    long refusedConnections;

    private TalkLink(MediaTransport transport, RtpPortPool ports, int port, DatagramSocket udp, NetServer server,
                     String deviceHost, int devicePort) {
        this.transport = transport;
        this.ports = ports;
        this.port = port;
        this.udp = udp;
        this.server = server;
        this.deviceHost = deviceHost;
        this.devicePort = devicePort;
    }

    /** Claims a port and sets the link up; over TCP active the connection is made by {@link #connect}. */
    static Future<TalkLink> open(Vertx vertx, String bindHost, RtpPortPool ports, MediaTransport transport,
                                 String deviceHost, int devicePort) {
        if (transport == MediaTransport.TCP_PASSIVE) {
            TalkLink[] self = new TalkLink[1];
            return ports.<NetServer>claim(p -> vertx.createNetServer()
                            .connectHandler(socket -> self[0].accepted(socket))
                            .listen(p, bindHost))
                    .map(lease -> self[0] = new TalkLink(transport, ports, lease.port(), null, lease.bound(), deviceHost, devicePort));
        }
        return ports.<DatagramSocket>claim(p -> vertx.createDatagramSocket().listen(p, bindHost))
                .map(lease -> new TalkLink(transport, ports, lease.port(), lease.bound(), null, deviceHost, devicePort));
    }

    /** TCP active: connects to the device's port, trying a few times while the device gets ready to listen. */
    Future<Void> connect(Vertx vertx, NetClient client, long waitMillis) {
        if (transport != MediaTransport.TCP_ACTIVE) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        attempt(vertx, client, System.currentTimeMillis() + waitMillis, done);
        return done.future();
    }

    private void attempt(Vertx vertx, NetClient client, long deadline, Promise<Void> done) {
        client.connect(devicePort, deviceHost).onComplete(ar -> {
            if (closed) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                done.tryFail("closed");
            } else if (ar.succeeded()) {
                attach(ar.result());
                done.tryComplete();
            } else if (System.currentTimeMillis() + 500 < deadline) {
                vertx.setTimer(500, t -> attempt(vertx, client, deadline, done));
            } else {
                done.tryFail(ar.cause());
            }
        });
    }

    private void accepted(NetSocket socket) {
        // only the device may take the audio, and only once
        if (tcp != null || closed || !socket.remoteAddress().hostAddress().equals(deviceHost)) {
            refusedConnections++;
            socket.close();
            return;
        }
        attach(socket);
    }

    private void attach(NetSocket socket) {
        tcp = socket;
        socket.handler(data -> { }); // what a device sends back on a talk connection is not used
        socket.closeHandler(v -> lost = true);
    }

    int port() {
        return port;
    }

    MediaTransport transport() {
        return transport;
    }

    /** True when packets can go out now. */
    boolean ready() {
        return transport == MediaTransport.UDP || tcp != null;
    }

    /** True when a TCP connection the talk had was closed by the device. */
    boolean lost() {
        return lost;
    }

    void send(byte[] rtp) {
        if (udp != null && transport == MediaTransport.UDP) {
            udp.send(Buffer.buffer(rtp), devicePort, deviceHost);
        } else if (tcp != null && !lost) {
            if (tcp.writeQueueFull()) {
                dropped++; // the device does not read: drop rather than queue audio without bound
                return;
            }
            tcp.write(Buffer.buffer(Rfc4571Framer.frame(rtp)));
        }
    }

    Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        Future<Void> socket = tcp == null ? Future.succeededFuture() : tcp.close();
        Future<Void> bound = udp != null ? udp.close() : server != null ? server.close() : Future.succeededFuture();
        return Future.join(socket, bound).otherwiseEmpty().<Void>mapEmpty().onComplete(v -> ports.release(port));
    }
}
