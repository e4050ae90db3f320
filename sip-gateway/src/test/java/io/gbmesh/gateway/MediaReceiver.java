package io.gbmesh.gateway;

import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.protocol.rtp.RtpPacket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * What the tests use in place of a media node: receives a device's RTP over UDP, over TCP as the
 * passive side (the device connects) or as the active side (we connect to the device's answered
 * address from the port we offered), with RFC 4571 framing on TCP.
 */
abstract class MediaReceiver implements AutoCloseable {
    /** The next packet, or null when none came within the timeout or the connection ended. */
    abstract RtpPacket next(Duration timeout) throws IOException;

    /** The port to put in the INVITE. */
    abstract int port();

    /** Called with the device's answer, before packets are read. */
    void answered(InviteAnswer answer) throws IOException {
    }

    static MediaReceiver open(MediaTransport transport) throws IOException {
        return switch (transport) {
            case UDP -> new Udp();
            case TCP_PASSIVE -> new TcpPassive();
            case TCP_ACTIVE -> new TcpActive();
        };
    }

    /** Waits for silence: everything sent before is drained, then true if nothing more came for {@code quiet}. */
    boolean silentFor(Duration quiet) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (next(quiet) == null) {
                return true;
            }
        }
        return false;
    }

    private static final class Udp extends MediaReceiver {
        private final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        private final byte[] buffer = new byte[65536];

        Udp() throws IOException {
            socket.setReceiveBufferSize(4 * 1024 * 1024);
        }

        @Override
        RtpPacket next(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return parse(Arrays.copyOf(p.getData(), p.getLength()));
        }

        @Override
        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Reads RFC 4571 frames from a connection. */
    private abstract static class Tcp extends MediaReceiver {
        Socket connection;
        DataInputStream in;

        abstract void connect(Duration timeout) throws IOException;

        @Override
        RtpPacket next(Duration timeout) throws IOException {
            if (connection == null) {
                connect(timeout);
                if (connection == null) {
                    return null;
                }
            }
            connection.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                int length = in.readUnsignedShort();
                byte[] packet = new byte[length];
                in.readFully(packet);
                return parse(packet);
            } catch (SocketTimeoutException | EOFException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private static final class TcpPassive extends Tcp {
        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());

        TcpPassive() throws IOException {
        }

        @Override
        void connect(Duration timeout) throws IOException {
            server.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            try {
                connection = server.accept();
                in = new DataInputStream(connection.getInputStream());
            } catch (SocketTimeoutException e) {
                // nothing yet
            }
        }

        @Override
        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            super.close();
            server.close();
        }
    }

    /** Connects from the offered port, as devices that check the source port expect (reference 7.4 point 22). */
    private static final class TcpActive extends Tcp {
        private final int localPort = TestSupport.freePort();
        private InviteAnswer answer;

        @Override
        void answered(InviteAnswer a) {
            answer = a;
        }

        @Override
        void connect(Duration timeout) throws IOException {
            Socket socket = new Socket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
            socket.connect(new InetSocketAddress(answer.deviceHost(), answer.devicePort()), (int) Math.max(1, timeout.toMillis()));
            connection = socket;
            in = new DataInputStream(socket.getInputStream());
        }

        @Override
        int port() {
            return localPort;
        }
    }

    private static RtpPacket parse(byte[] packet) throws IOException {
        try {
            return RtpPacket.parse(packet);
        } catch (Exception e) {
            throw new IOException("not an RTP packet: " + e.getMessage(), e);
        }
    }
}
