package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipStreamFramer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;

/** A device's own TCP connection to an endpoint, written and read as raw bytes. */
final class RawTcpDevice implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final SipStreamFramer framer = new SipStreamFramer();
    private final ArrayDeque<byte[]> framed = new ArrayDeque<>();

    RawTcpDevice(int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** A connection from another local address (127.0.0.2, ...: another source host on loopback). */
    RawTcpDevice(String localHost, int port) throws IOException {
        this(new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(localHost), 0));
    }

    /** A connection the endpoint opened to a device listening on its own port. */
    RawTcpDevice(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** The local (source) port of the connection: what the endpoint sees as the device's address. */
    int localPort() {
        return socket.getLocalPort();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes every byte in its own segment. */
    void writeByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    /** The next whole message on the connection, or {@code null} when none arrives in time. */
    byte[] nextBytes(long timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buffer = new byte[8192];
        while (framed.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                throw new IOException("connection closed by the endpoint");
            }
            framer.feed(Arrays.copyOf(buffer, n), framed::add);
        }
        return framed.poll();
    }

    SipMessage nextMessage(long timeoutMillis) throws Exception {
        byte[] bytes = nextBytes(timeoutMillis);
        if (bytes == null) {
            throw new AssertionError("no message on the TCP connection in " + timeoutMillis + " ms");
        }
        return new SipParser().parse(bytes);
    }

    /** Whether the endpoint closed (or reset) the connection within the time given. */
    boolean closedByPeer(long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] buffer = new byte[8192];
        while (System.currentTimeMillis() < deadline) {
            socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
