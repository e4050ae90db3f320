package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration cases seen from the wire: bad IDs, unauthenticated keepalives, refreshes. */
class RegistrarEdgeTest {
    private Vertx vertx;
    private int port;
    private DeviceSimulator simulator;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", "12345678", "GB_QUERY_ON_ONLINE", "false"))));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private SipResponse exchange(String request) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(3000);
            String wire = request.replace("PORT", Integer.toString(socket.getLocalPort()));
            byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            socket.receive(in);
            return (SipResponse) new SipParser().parse(java.util.Arrays.copyOf(in.getData(), in.getLength()));
        }
    }

    private static String register(String deviceId) {
        return "REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:" + deviceId + "@3402000000>;tag=1\r\n"
                + "To: <sip:" + deviceId + "@3402000000>\r\n"
                + "Call-ID: edge-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + deviceId + "@127.0.0.1:PORT>\r\n"
                + "Expires: 3600\r\nContent-Length: 0\r\n\r\n";
    }

    @Test
    void aDeviceIdThatIsNotTwentyDigitsIsABadRequest() throws Exception {
        SipResponse r = exchange(register("3402000000132"));
        assertEquals(400, r.statusCode());
        assertTrue(r.reasonPhrase().contains("20 digits"), r.reasonPhrase());
        assertEquals(400, exchange(register("3402000000132000000X")).statusCode());
    }

    @Test
    void aRegisterWithoutCredentialsIsChallengedWithANonceAndTheDate() throws Exception {
        SipResponse r = exchange(register("34020000001320000501"));
        assertEquals(401, r.statusCode());
        String challenge = r.first("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Digest realm=\"3402000000\", nonce=\""), challenge);
        assertTrue(r.first("Date").isPresent());
    }

    @Test
    void credentialsForANonceWeNeverIssuedAreChallengedAgain() throws Exception {
        String forged = register("34020000001320000502").replace("Expires: 3600", "Authorization: Digest username=\"34020000001320000502\", "
                + "realm=\"3402000000\", nonce=\"9485904448344456af5449b51759016e\", uri=\"sip:34020000002000000001@3402000000\", "
                + "response=\"b1cfb3f036fbcf7d13b8ee3bbff89906\", algorithm=MD5\r\nExpires: 3600");
        assertEquals(401, exchange(forged).statusCode());
    }

    @Test
    void aKeepaliveFromAnUnknownDeviceIsRefused() throws Exception {
        String body = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>9</SN>\r\n"
                + "<DeviceID>34020000001320000503</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
        String keepalive = "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:PORT;rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:34020000001320000503@3402000000>;tag=2\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: ka-" + System.nanoTime() + "\r\nCSeq: 20 MESSAGE\r\n"
                + "Content-Type: Application/MANSCDP+xml\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        assertEquals(403, exchange(keepalive).statusCode());
    }

    @Test
    void aPasswordSetAtRunTimeIsUsedAtOnce() {
        // the API stores a device's own password and publishes it; the running gateway takes it
        vertx.eventBus().publish(Addresses.DEVICE_PASSWORD, new io.gbmesh.contracts.DevicePasswordChanged("34020000001320000505",
                io.gbmesh.protocol.auth.DigestCalculator.ha1("34020000001320000505", "3402000000", "its-own")));
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withPassword("its-own").withCount(1, "3402000000132", 505)));
        assertTrue(simulator.device(0).registered());
        // the global password must not work for a device with its own
        Throwable refused = Await.failure(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withPassword("12345678").withCount(1, "3402000000132", 505)), Await.DEFAULT_FUTURE_MILLIS);
        assertTrue(String.valueOf(refused.getMessage()).contains("403"), String.valueOf(refused));
    }

    @Test
    void aDeviceReRegistersBeforeItsRegistrationExpiresAndStaysOnline() {
        BlockingQueue<DeviceOnline> online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        BlockingQueue<DeviceOffline> offline = TestSupport.collect(vertx, Addresses.DEVICE_OFFLINE, DeviceOffline.class);
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withPassword("12345678").withCount(1, "3402000000132", 504).withTiming(3, 1, 3)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(d.deviceId()) && !e.refresh());
        TestSupport.next(online, Duration.ofSeconds(6), e -> e.deviceId().equals(d.deviceId()) && e.refresh());
        Await.eventually("three registrations of a 3 s Expires", Duration.ofSeconds(8), () -> d.registrations() >= 3);
        assertTrue(offline.stream().noneMatch(e -> e.deviceId().equals(d.deviceId())), "never offline while refreshing");
    }
}
