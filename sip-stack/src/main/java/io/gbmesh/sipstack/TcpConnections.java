package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipLimits;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipStreamFramer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The TCP connections of an endpoint by remote address: accepted ones (a device's own connection,
 * on which we also send it our requests) and ones we opened. Each has its own stream framer.
 */
final class TcpConnections {
    private final Map<String, NetSocket> sockets = new HashMap<>();
    private final Map<String, Future<NetSocket>> connecting = new HashMap<>();
    private final SipLimits limits;
    private final SipStats stats;
    private final BiConsumer<byte[], Peer> onMessage;
    private NetClient client;

    TcpConnections(SipLimits limits, SipStats stats, BiConsumer<byte[], Peer> onMessage) {
        this.limits = limits;
        this.stats = stats;
        this.onMessage = onMessage;
    }

    void client(NetClient client) {
        this.client = client;
    }

    void accept(NetSocket socket) {
        Peer peer = new Peer(SipTransport.TCP, socket.remoteAddress().hostAddress(), socket.remoteAddress().port());
        attach(peer, socket);
        stats.increment("tcp.accepted");
    }

    private void attach(Peer peer, NetSocket socket) {
        String key = peer.key();
        sockets.put(key, socket);
        SipStreamFramer framer = new SipStreamFramer(limits);
        socket.handler(buffer -> {
            try {
                framer.feed(buffer.getBytes(), bytes -> onMessage.accept(bytes, peer));
            } catch (SipParseException e) {
                // the stream cannot be resynchronised: drop the connection, the device reconnects
                stats.increment("tcp.framing.error." + e.kind());
                socket.close();
            }
        });
        socket.closeHandler(v -> {
            sockets.remove(key, socket);
            stats.increment("tcp.closed");
        });
        socket.exceptionHandler(err -> stats.increment("tcp.error"));
    }

    boolean isOpen(Peer peer) {
        return sockets.containsKey(peer.key());
    }

    /** Writes on the peer's connection, opening one when there is none. */
    Future<Void> send(Peer peer, byte[] bytes) {
        NetSocket socket = sockets.get(peer.key());
        if (socket != null) {
            return socket.write(Buffer.buffer(bytes));
        }
        return connect(peer).compose(s -> s.write(Buffer.buffer(bytes)));
    }

    private Future<NetSocket> connect(Peer peer) {
        String key = peer.key();
        Future<NetSocket> pending = connecting.get(key);
        if (pending != null) {
            return pending;
        }
        if (client == null) {
            return Future.failedFuture("no TCP client");
        }
        Future<NetSocket> f = client.connect(peer.port(), peer.host()).onComplete(ar -> {
            connecting.remove(key);
            if (ar.succeeded()) {
                attach(peer, ar.result());
                stats.increment("tcp.connected");
            } else {
                stats.increment("tcp.connect.failed");
            }
        });
        connecting.put(key, f);
        return f;
    }

    int size() {
        return sockets.size();
    }

    Future<Void> closeAll() {
        for (NetSocket s : sockets.values()) {
            s.close();
        }
        sockets.clear();
        return client == null ? Future.succeededFuture() : client.close();
    }
}
