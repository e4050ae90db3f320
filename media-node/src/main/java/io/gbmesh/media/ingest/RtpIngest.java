package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.Future;

/** The socket(s) a stream receives on: bound before its port is offered, closed with the stream. */
public interface RtpIngest {

    int port();

    MediaTransport transport();

    /** TCP active: connect to the device's answered address. The other transports wait for the device. */
    default Future<Void> connect(String host, int port) {
        return Future.succeededFuture();
    }

    /** Framing errors and cut connections, for the stream's page. */
    default long connectionErrors() {
        return 0;
    }

    /** Connections refused because another one feeds the stream (TCP passive). */
    default long connectionsRefused() {
        return 0;
    }

    Future<Void> close();
}
