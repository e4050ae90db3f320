package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.runtime.PrometheusText;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipStats;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's bounds seen from the wire: a flood of TCP connections and idle strangers are shed
 * while a device registered over TCP keeps its connection (the registrar binds it), and random
 * SIP methods add no metric series beyond {@code other}.
 */
class GatewayBoundsTest {
    private Vertx vertx;
    private int port;
    private GatewayVerticle gateway;
    private DeviceSimulator simulator;
    private final List<Socket> strangers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        gateway = new GatewayVerticle(TestSupport.config(port, "GB_SIP_PASSWORD", "12345678", "GB_QUERY_ON_ONLINE", "false",
                "GB_SIP_TCP_MAX_PER_SOURCE", "3", "GB_SIP_TCP_UNBOUND_IDLE_S", "3"));
        Await.await(vertx.deployVerticle(gateway));
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : strangers) {
            s.close();
        }
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private static boolean closedByPeer(Socket socket, long timeoutMillis) throws Exception {
        socket.setSoTimeout((int) timeoutMillis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException reset) {
            return true;
        }
    }

    @Test
    void strangersConnectionsAreCappedAndTimedOutWhileTheRegisteredDevicesConnectionStays() throws Exception {
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withTransport(SipTransport.TCP).withPassword("12345678").withCount(1, "3402000000132", 801)));
        assertTrue(simulator.device(0).registered());
        SipStats stats = gateway.stats();
        assertEquals(1, stats.get("tcp.accepted"));
        assertEquals(1, stats.get("tcp.bound"));

        for (int i = 0; i < 6; i++) {
            strangers.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        int refused = 0;
        for (Socket s : strangers) {
            if (closedByPeer(s, 200)) {
                refused++;
            }
        }
        assertEquals(4, refused, "the device holds one of the three connections its address may have");
        assertEquals(4, stats.get("tcp.refused.source"));

        // the two strangers that got in never register: closed after the idle timeout
        Await.eventually("idle strangers closed", Duration.ofSeconds(8), () -> stats.get("tcp.closed.idle") == 2);
        for (Socket s : strangers) {
            assertTrue(closedByPeer(s, 1000));
        }
        // the device's connection outlived the idle timeout and still carries its requests
        long accepted = stats.get("tcp.accepted");
        Await.await(simulator.device(0).register());
        assertEquals(accepted, stats.get("tcp.accepted"), "the device had to open a new connection");
        assertTrue(stats.get("register.refreshed") >= 1);
    }

    /** The series {@code /metrics} exports for the gateway's counters (rendered as the role's HTTP endpoint does). */
    private List<String> series() {
        return PrometheusText.render("gateway", gateway.stats().snapshot(), Map.of()).lines().filter(l -> !l.startsWith("#"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).collect(Collectors.toList());
    }

    @Test
    void aThousandRandomMethodsAddAtMostOneOtherSeries() throws Exception {
        Set<String> before = new TreeSet<>(series());
        Random random = new Random(28181);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(3000);
            for (int i = 0; i < 1000; i++) {
                StringBuilder method = new StringBuilder("Z");
                for (int k = 0; k < 8; k++) {
                    method.append((char) ('A' + random.nextInt(26)));
                }
                String request = method + " sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";rport;branch=z9hG4bK-flood" + i + "\r\n"
                        + "From: <sip:34020000001320000901@3402000000>;tag=1\r\nTo: <sip:34020000002000000001@3402000000>\r\n"
                        + "Call-ID: flood-" + i + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
                socket.receive(in);
                assertEquals(405, ((SipResponse) new SipParser().parse(Arrays.copyOf(in.getData(), in.getLength()))).statusCode());
            }
        }

        Set<String> added = new TreeSet<>(series());
        added.removeAll(before);
        added.removeIf(s -> s.contains("tx_response_total{kind=\"405\"}"));
        assertEquals(Set.of("gbmesh_gateway_rx_request_total{kind=\"other\"}"), added);
        assertEquals(1000, gateway.stats().get("rx.request.other"));
    }

    @Test
    void cmdTypesFromDeviceBodiesAreCountedFromAClosedSet() {
        assertEquals("catalog", GatewayMetrics.cmdLabel("Catalog"));
        assertEquals("deviceinfo", GatewayMetrics.cmdLabel("DeviceInfo"));
        assertEquals("other", GatewayMetrics.cmdLabel("x" + System.nanoTime()));
        assertEquals("other", GatewayMetrics.cmdLabel("<script>"));
        assertEquals("other", GatewayMetrics.cmdLabel(null));
    }
}
