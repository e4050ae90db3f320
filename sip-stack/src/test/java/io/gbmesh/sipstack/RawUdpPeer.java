package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParser;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A plain UDP socket on loopback playing a device (or a NAT's public side) byte for byte. */
final class RawUdpPeer implements AutoCloseable {
    private final DatagramSocket socket;

    RawUdpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A socket on a given local address and port (another loopback address plays another host). */
    RawUdpPeer(String host, int port) throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
    }

    int port() {
        return socket.getLocalPort();
    }

    void send(byte[] bytes, int port) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next datagram, or {@code null} when none arrives in time. */
    byte[] receive(long timeoutMillis) throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    /** The next datagram, parsed; fails the test when none arrives in time. */
    SipMessage receiveMessage(long timeoutMillis) throws Exception {
        byte[] bytes = receive(timeoutMillis);
        if (bytes == null) {
            throw new AssertionError("no datagram on port " + port() + " in " + timeoutMillis + " ms");
        }
        return new SipParser().parse(bytes);
    }

    @Override
    public void close() {
        socket.close();
    }
}
