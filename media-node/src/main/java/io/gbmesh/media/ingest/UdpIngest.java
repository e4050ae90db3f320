package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A UDP port of one stream's own: every datagram is one RTP packet. */
public final class UdpIngest implements RtpIngest {

    /** Room for a few seconds of a high-bitrate stream; the kernel caps it at its maximum. */
    static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final UdpChannel channel;

    private UdpIngest(UdpChannel channel) {
        this.channel = channel;
    }

    /** Binds {@code host:port} on the calling context's event loop; datagrams are handled there. */
    public static Future<UdpIngest> bind(Vertx vertx, String host, int port, RtpReceiver receiver) {
        return UdpChannel.bind(vertx, host, port, receiver)
                .map(UdpIngest::new);
    }

    @Override
    public int port() {
        return channel.port();
    }

    @Override
    public MediaTransport transport() {
        return MediaTransport.UDP;
    }

    @Override
    public Future<Void> close() {
        return channel.close();
    }
}
