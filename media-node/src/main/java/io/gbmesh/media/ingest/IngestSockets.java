package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Opens a stream's socket for its transport on the calling context (the stream's shard), with the
 * node's rules: the interface to bind, how long a TCP passive connection stays the stream's own
 * while it is silent, and the one event loop of the TCP active connections.
 */
public final class IngestSockets {

    private final Vertx vertx;
    private final String host;
    private final long tcpStaleMillis;
    private final TcpActiveConnector connector = new TcpActiveConnector();

    /**
     * @param tcpStaleMillis a TCP passive connection silent this long may be replaced by a new one
     *                       (a live one never is)
     */
    public IngestSockets(Vertx vertx, String host, long tcpStaleMillis) {
        this.vertx = vertx;
        this.host = host;
        this.tcpStaleMillis = tcpStaleMillis;
    }

    /** Binds {@code port} for {@code transport}; packets go to {@code receiver} on the calling context. */
    public Future<RtpIngest> bind(MediaTransport transport, int port, RtpReceiver receiver) {
        return switch (transport) {
            case UDP -> UdpIngest.bind(vertx, host, port, receiver).map(i -> i);
            case TCP_PASSIVE -> TcpPassiveIngest.bind(vertx, host, port, tcpStaleMillis, receiver).map(i -> i);
            case TCP_ACTIVE -> TcpActiveIngest.bind(vertx, connector, host, port, receiver).map(i -> i);
        };
    }

    /** Stops the TCP active connections' event loop (with the node). */
    public Future<Void> close() {
        return connector.close();
    }
}
