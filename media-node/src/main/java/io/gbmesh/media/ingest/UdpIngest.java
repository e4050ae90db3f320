package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

/** A UDP port of one stream's own: every datagram is one RTP packet. */
public final class UdpIngest implements RtpIngest {

    /** Room for a few seconds of a high-bitrate stream; the kernel caps it at its maximum. */
    static final int RECEIVE_BUFFER = 4 * 1024 * 1024;

    private final DatagramSocket socket;
    private final int port;

    private UdpIngest(DatagramSocket socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    public static Future<UdpIngest> bind(Vertx vertx, String host, int port, RtpReceiver receiver) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions()
                .setReceiveBufferSize(RECEIVE_BUFFER));
        socket.handler(packet -> {
            byte[] data = packet.data().getBytes();
            receiver.rtp(data, 0, data.length);
        });
        return socket.listen(port, host).map(s -> new UdpIngest(s, port))
                .onFailure(err -> socket.close());
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public MediaTransport transport() {
        return MediaTransport.UDP;
    }

    @Override
    public Future<Void> close() {
        return socket.close();
    }
}
