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
 * framed by RFC 4571. A device that reconnects replaces its previous connection; a connection out
 * of step (bad length prefix) is closed and counted, and the device may connect again.
 */
public final class TcpPassiveIngest implements RtpIngest {

    private final NetServer server;
    private final int port;
    private NetSocket current;
    private long connectionErrors;

    private TcpPassiveIngest(NetServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static Future<TcpPassiveIngest> bind(Vertx vertx, String host, int port, RtpReceiver receiver) {
        // No receive buffer size here: Vert.x would also read every chunk into a fresh buffer of that
        // size; TCP tunes its window by itself.
        NetServer server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true));
        TcpPassiveIngest[] self = new TcpPassiveIngest[1];
        server.connectHandler(socket -> {
            if (self[0] == null) {
                socket.close();
            } else {
                self[0].accept(socket, receiver);
            }
        });
        return server.listen(port, host).map(s -> self[0] = new TcpPassiveIngest(s, port))
                .onFailure(err -> server.close());
    }

    private void accept(NetSocket socket, RtpReceiver receiver) {
        if (current != null) {
            current.close();
        }
        current = socket;
        Rfc4571Framer framer = new Rfc4571Framer();
        socket.handler(chunk -> {
            byte[] bytes = chunk.getBytes();
            try {
                framer.feed(bytes, 0, bytes.length, packet -> receiver.rtp(packet, 0, packet.length));
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
    public Future<Void> close() {
        if (current != null) {
            current.close();
        }
        return server.close();
    }
}
