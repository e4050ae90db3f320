package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipLimits;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipStreamFramer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The TCP connections of an endpoint by remote address: accepted ones (a device's own connection,
 * on which we also send it our requests) and ones we opened. Each has its own stream framer.
 * Accepted connections are capped in total and per source address; one that carries no registered
 * device is closed after a while without a message, and any connection whose message does not
 * complete in time (a slow sender holding it open) is closed.
 */
final class TcpConnections {
    /** One connection and the state its timeouts need. */
    private static final class Connection {
        final Peer peer;
        final NetSocket socket;
        final SipStreamFramer framer;
        final boolean accepted;
        boolean bound;
        boolean closing;
        long lastMessageAt;
        long messageStartedAt = -1;

        Connection(Peer peer, NetSocket socket, SipStreamFramer framer, boolean accepted, long now) {
            this.peer = peer;
            this.socket = socket;
            this.framer = framer;
            this.accepted = accepted;
            this.lastMessageAt = now;
        }
    }

    private final Map<String, Connection> connections = new HashMap<>();
    private final Map<String, Future<NetSocket>> connecting = new HashMap<>();
    private final Map<String, Integer> acceptedPerSource = new HashMap<>();
    private final SipLimits limits;
    private final EndpointLimits bounds;
    private final SipStats stats;
    private final BiConsumer<byte[], Peer> onMessage;
    private int acceptedCount;
    private NetClient client;

    TcpConnections(SipLimits limits, EndpointLimits bounds, SipStats stats, BiConsumer<byte[], Peer> onMessage) {
        this.limits = limits;
        this.bounds = bounds;
        this.stats = stats;
        this.onMessage = onMessage;
    }

    void client(NetClient client) {
        this.client = client;
    }

    void accept(NetSocket socket) {
        String source = socket.remoteAddress().hostAddress();
        if (acceptedCount >= bounds.tcpMaxConnections()) {
            stats.increment("tcp.refused.total");
            socket.close();
            return;
        }
        int fromSource = acceptedPerSource.getOrDefault(source, 0);
        if (fromSource >= bounds.tcpMaxPerSource()) {
            stats.increment("tcp.refused.source");
            socket.close();
            return;
        }
        acceptedCount++;
        acceptedPerSource.put(source, fromSource + 1);
        attach(new Peer(SipTransport.TCP, source, socket.remoteAddress().port()), socket, true);
        stats.increment("tcp.accepted");
    }

    private void attach(Peer peer, NetSocket socket, boolean accepted) {
        String key = peer.key();
        Connection c = new Connection(peer, socket, new SipStreamFramer(limits), accepted, System.currentTimeMillis());
        connections.put(key, c);
        socket.handler(buffer -> onData(c, buffer));
        socket.closeHandler(v -> {
            connections.remove(key, c);
            if (accepted) {
                acceptedCount--;
                acceptedPerSource.computeIfPresent(peer.host(), (h, n) -> n <= 1 ? null : n - 1);
            }
            stats.increment("tcp.closed");
        });
        socket.exceptionHandler(err -> stats.increment("tcp.error"));
    }

    private void onData(Connection c, Buffer buffer) {
        long now = System.currentTimeMillis();
        boolean[] delivered = {false};
        long discardedBefore = c.framer.discarded();
        try {
            c.framer.feed(buffer.getBytes(), bytes -> {
                delivered[0] = true;
                c.lastMessageAt = now;
                onMessage.accept(bytes, c.peer);
            });
        } catch (SipParseException e) {
            // the stream cannot be resynchronised: drop the connection, the device reconnects
            stats.increment("tcp.framing.error." + e.kind());
            close(c);
            return;
        } finally {
            stats.add("tcp.framing.discarded", c.framer.discarded() - discardedBefore);
        }
        // the clock of the message in progress starts with its first byte
        if (c.framer.buffered() == 0) {
            c.messageStartedAt = -1;
        } else if (delivered[0] || c.messageStartedAt < 0) {
            c.messageStartedAt = now;
        }
    }

    /** Closes connections idle without registering and those whose message takes too long. */
    void sweep(long now) {
        List<Connection> expired = new ArrayList<>();
        for (Connection c : connections.values()) {
            if (c.closing) {
                continue;
            }
            if (c.messageStartedAt >= 0 && now - c.messageStartedAt > bounds.tcpMessageTimeoutMillis()) {
                stats.increment("tcp.closed.slow");
                expired.add(c);
            } else if (c.accepted && !c.bound && now - c.lastMessageAt > bounds.tcpUnboundIdleMillis()) {
                stats.increment("tcp.closed.idle");
                expired.add(c);
            }
        }
        expired.forEach(this::close);
    }

    private void close(Connection c) {
        c.closing = true;
        c.socket.close();
    }

    /** The connection carries a registered device: the idle timeout of unregistered ones no longer applies. */
    void bind(Peer peer) {
        Connection c = connections.get(peer.key());
        if (c != null && !c.bound) {
            c.bound = true;
            stats.increment("tcp.bound");
        }
    }

    boolean isOpen(Peer peer) {
        return connections.containsKey(peer.key());
    }

    int framingCapacity(Peer peer) {
        Connection c = connections.get(peer.key());
        return c == null ? -1 : c.framer.capacity();
    }

    int acceptedCount() {
        return acceptedCount;
    }

    /** Writes on the peer's connection, opening one when there is none. */
    Future<Void> send(Peer peer, byte[] bytes) {
        Connection c = connections.get(peer.key());
        if (c != null) {
            return c.socket.write(Buffer.buffer(bytes));
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
                // a connection we opened goes to a device we address: it is bound from the start
                attach(peer, ar.result(), false);
                stats.increment("tcp.connected");
            } else {
                stats.increment("tcp.connect.failed");
            }
        });
        connecting.put(key, f);
        return f;
    }

    int size() {
        return connections.size();
    }

    Future<Void> closeAll() {
        // a close may run its close handler at once, which removes from the map: iterate a copy
        List<Connection> all = new ArrayList<>(connections.values());
        connections.clear();
        for (Connection c : all) {
            c.socket.close();
        }
        return client == null ? Future.succeededFuture() : client.close();
    }
}
