package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.Rfc4571FramingException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * TCP passive (reference 7.4 point 20): the node listens and the device connects and sends RTP
 * framed by RFC 4571. One connection feeds the stream: while it is live (it sent within
 * {@code staleMillis}), any other connection to the port is closed at once and counted, so that
 * nobody on the network can take a stream over by connecting to its port. A device that lost its
 * connection (closed, or silent that long, as when it rebooted without a FIN) may connect again. A
 * connection out of step (bad length prefix) is closed and counted.
 */
public final class TcpPassiveIngest implements RtpIngest {

    private final NetServer server;
    private final int port;
    private final long staleMillis;
    private NetSocket current;
    private long currentDataAt;
    private long connectionErrors;
    private long connectionsRefused;

    private TcpPassiveIngest(NetServer server, int port, long staleMillis) {
        this.server = server;
        this.port = port;
        this.staleMillis = staleMillis;
    }

    public static Future<TcpPassiveIngest> bind(Vertx vertx, String host, int port, long staleMillis, RtpReceiver receiver) {
        // No receive buffer size here: Vert.x would also read every chunk into a fresh buffer of that
        // size; TCP tunes its window by itself.
        NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        TcpPassiveIngest[] self = new TcpPassiveIngest[1];
        server.connectHandler(socket -> {
            if (self[0] == null) {
                socket.close();
            } else {
                self[0].accept(socket, receiver, now());
            }
        });
        return server.listen(port, host).map(s -> self[0] = new TcpPassiveIngest(s, port, staleMillis))
                .onFailure(err -> server.close());
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void accept(NetSocket socket, RtpReceiver receiver, long now) {
        if (current != null && now - currentDataAt < staleMillis) {
            connectionsRefused++;
            socket.close();
            return;
        }
        if (current != null) {
            current.close();
        }
        current = socket;
        currentDataAt = now;
        Rfc4571Framer framer = new Rfc4571Framer();
        socket.handler(chunk -> {
            if (current == socket) {
                currentDataAt = now();
            }
            byte[] bytes = chunk.getBytes();
            try {
                framer.feed(bytes, 0, bytes.length, packet -> receiver.rtp(packet, 0, packet.length, null));
            } catch (Rfc4571FramingException e) {
                connectionErrors++;
                socket.close();
            }
        });
        socket.closeHandler(v -> {
            if (current == socket) {
                current = null;
            }
        });
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public MediaTransport transport() {
        return MediaTransport.TCP_PASSIVE;
    }

    @Override
    public long connectionErrors() {
        return connectionErrors;
    }

    @Override
    public long connectionsRefused() {
        return connectionsRefused;
    }

    @Override
    public Future<Void> close() {
        if (current != null) {
            current.close();
        }
        return server.close();
    }
}
