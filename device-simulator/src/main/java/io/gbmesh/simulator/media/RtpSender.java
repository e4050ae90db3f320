package io.gbmesh.simulator.media;

import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetSocket;

/** Where a device's RTP packets go: a UDP address, or a TCP connection with RFC 4571 framing. */
interface RtpSender {
    void send(byte[] rtp);

    /** False while the connection cannot take more (a frame is then skipped, as a device under pressure does). */
    boolean writable();

    Future<Void> close();

    static RtpSender udp(DatagramSocket socket, String host, int port) {
        return new RtpSender() {
            @Override
            public void send(byte[] rtp) {
                socket.send(Buffer.buffer(rtp), port, host);
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public Future<Void> close() {
                return socket.close();
            }
        };
    }

    /** RTP over TCP (RFC 4571 §2): each packet behind its 16-bit length. */
    static RtpSender tcp(NetSocket socket) {
        return new RtpSender() {
            @Override
            public void send(byte[] rtp) {
                socket.write(Buffer.buffer(Rfc4571Framer.frame(rtp)));
            }

            @Override
            public boolean writable() {
                return !socket.writeQueueFull();
            }

            @Override
            public Future<Void> close() {
                return socket.close();
            }
        };
    }
}
