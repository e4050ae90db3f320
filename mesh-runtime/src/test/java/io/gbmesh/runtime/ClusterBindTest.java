package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A clustered Vert.x started with {@code GB_CLUSTER_HOST=127.0.0.1} listens for Hazelcast and the
 * event bus on 127.0.0.1 only: read from the kernel's table of this JVM's listening sockets, and
 * tried from another address of the machine when it has one.
 */
@Timeout(120)
class ClusterBindTest {

    @Test
    void hazelcastAndTheEventBusListenOnTheClusterInterfaceOnly() throws Exception {
        int hazelcastPort = freePort();
        int eventBusPort = freePort();
        Set<ListeningSockets.Listener> before = ListeningSockets.ofThisProcess();
        Vertx vertx = MeshCluster.start(MeshCluster.Settings.fromEnv(new Env(Map.of(
                        "GB_CLUSTER_NAME", "bind-test-" + System.nanoTime(),
                        "GB_CLUSTER_HOST", "127.0.0.1",
                        "GB_CLUSTER_PORT", String.valueOf(hazelcastPort),
                        "GB_CLUSTER_MEMBERS", "127.0.0.1:" + hazelcastPort,
                        "GB_EVENTBUS_PORT", String.valueOf(eventBusPort)))))
                .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        try {
            Set<ListeningSockets.Listener> opened = new HashSet<>(ListeningSockets.ofThisProcess());
            opened.removeAll(before);
            Set<Integer> ports = new HashSet<>();
            opened.forEach(l -> ports.add(l.port()));
            assertTrue(ports.contains(hazelcastPort), "Hazelcast listens on its port: " + opened);
            assertTrue(ports.contains(eventBusPort), "the event bus listens on GB_EVENTBUS_PORT: " + opened);
            for (ListeningSockets.Listener l : opened) {
                assertEquals("127.0.0.1", l.address(), "every cluster socket on the cluster interface: " + opened);
            }
            for (InetAddress other : otherAddresses()) {
                for (int port : List.of(hazelcastPort, eventBusPort)) {
                    assertThrows(ConnectException.class, () -> connect(other, port),
                            "port " + port + " must not answer on " + other.getHostAddress());
                }
            }
            // and it does answer where it should
            connect(InetAddress.getLoopbackAddress(), hazelcastPort);
            connect(InetAddress.getLoopbackAddress(), eventBusPort);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void kubernetesDiscoveryFixesTheEventBusPortForTheNetworkPolicy() {
        MeshCluster.Settings pod = MeshCluster.Settings.fromEnv(new Env(Map.of(
                "GB_CLUSTER_DISCOVERY", "kubernetes", "GB_CLUSTER_HOST", "10.1.2.3")));
        assertEquals(MeshCluster.KUBERNETES_EVENTBUS_PORT, pod.eventBusPort());
        assertEquals("10.1.2.3", pod.eventBusHost());
        MeshCluster.Settings local = MeshCluster.Settings.fromEnv(new Env(Map.of()));
        assertEquals(0, local.eventBusPort(), "several JVMs on one machine each take a free port");
        assertEquals("127.0.0.1", local.host());
        assertEquals(5800, MeshCluster.Settings.fromEnv(new Env(Map.of("GB_EVENTBUS_PORT", "5800"))).eventBusPort());
    }

    private static void connect(InetAddress address, int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 2_000);
        }
    }

    /** This machine's IPv4 addresses other than loopback (none on a host with only {@code lo}). */
    private static List<InetAddress> otherAddresses() throws IOException {
        List<InetAddress> out = new java.util.ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                        .forEach(out::add);
            }
        }
        assertFalse(out.stream().anyMatch(InetAddress::isLoopbackAddress));
        return out;
    }

    private static int freePort() throws IOException {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }
}
