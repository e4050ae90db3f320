package io.gbmesh.testing;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for tests on loopback. A port the kernel hands out for port 0 lies in its ephemeral range
 * (32768–60999 on Linux), the same range every outgoing connection takes its local port from: between
 * the probe and the test's own bind, a Hazelcast member, an HTTP client or sipp may take it ("Address
 * already in use"). So these come from below that range, picked at random (test JVMs running side by
 * side rarely pick the same), and are free for both TCP and UDP (SIP listens on both) when returned.
 */
public final class FreePorts {
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private FreePorts() {
    }

    /** A loopback port free for both TCP and UDP. */
    public static int tcpAndUdp() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 500; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket tcp = new ServerSocket(port, 1, loopback);
                 DatagramSocket udp = new DatagramSocket(port, loopback)) {
                tcp.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // another
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }
}
