package io.gbmesh.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import io.gbmesh.protocol.auth.DigestCredentials;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.testing.Await;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storm's devices as a platform sees them, byte for byte over loopback: several devices behind one
 * socket, each known by its own ID, registering, then answering the online queries and subscriptions
 * sent to it, a retransmitted query answered again without a second Response.
 */
class StormDevicesTest {
    private static final String PREFIX = "3402000000132";
    private static final String SERVER_ID = "34020000002000000001";
    private final SipParser parser = new SipParser();
    private DatagramSocket platform;
    private StormDevices storm;
    /** Where each device's REGISTER came from, by device ID. */
    private final Map<String, InetSocketAddress> addresses = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        platform = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        storm = new StormDevices(new StormDevices.Settings(3, 2, 1, PREFIX, "127.0.0.1",
                new InetSocketAddress("127.0.0.1", platform.getLocalPort()), "3402000000", SERVER_ID, 2, 0, 3600, "storm-pass"));
    }

    @AfterEach
    void stop() throws Exception {
        storm.close();
        platform.close();
    }

    private record Received(SipMessage message, InetSocketAddress from) {
    }

    private Received receive(Predicate<SipMessage> wanted) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        byte[] buffer = new byte[65_535];
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            platform.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
            try {
                platform.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            SipMessage m = parser.parse(java.util.Arrays.copyOf(buffer, p.getLength()));
            if (wanted.test(m)) {
                return new Received(m, (InetSocketAddress) p.getSocketAddress());
            }
        }
        throw new AssertionError("nothing wanted came in 5 s");
    }

    private void send(SipMessage m, InetSocketAddress to) throws Exception {
        byte[] b = m.toBytes();
        platform.send(new DatagramPacket(b, b.length, to));
    }

    private void registerAll() throws Exception {
        storm.registerAll(0);
        for (int k = 0; k < 3; k++) {
            Received r = receive(m -> m instanceof SipRequest q && q.method().equals("REGISTER"));
            SipRequest register = (SipRequest) r.message();
            String id = register.from().user();
            assertEquals(id, register.contact().orElseThrow().uri().user(), "the Contact names the device");
            addresses.put(id, r.from());
            send(SipResponse.to(register, 200, "p" + k).header("Expires", 3600).build(), r.from());
        }
        Await.eventually("three registered", Duration.ofSeconds(5), () -> storm.registered.get() == 3);
    }

    private SipRequest request(String method, String deviceId, String callId, String body) {
        InetSocketAddress at = addresses.get(deviceId);
        SipUri target = SipUri.of(deviceId, "127.0.0.1", at.getPort());
        SipRequest.Builder b = SipRequest.builder(method, target)
                .via(Via.of("UDP", "127.0.0.1", platform.getLocalPort(), "z9hG4bK-" + callId))
                .from(NameAddress.of(SipUri.of(SERVER_ID, "3402000000", -1)).withTag("srv"))
                .to(NameAddress.of(target))
                .callId(callId)
                .cseq(20, method)
                .header("Max-Forwards", 70);
        if (method.equals("SUBSCRIBE")) {
            b.header("Event", "Catalog").header("Expires", 600);
        }
        return b.body("Application/MANSCDP+xml", body.getBytes(StandardCharsets.US_ASCII)).build();
    }

    private static String query(String cmdType, int sn, String deviceId) {
        return "<?xml version=\"1.0\"?>\r\n<Query>\r\n<CmdType>" + cmdType + "</CmdType>\r\n<SN>" + sn + "</SN>\r\n<DeviceID>"
                + deviceId + "</DeviceID>\r\n</Query>\r\n";
    }

    @Test
    void devicesSharingASocketRegisterEachUnderItsOwnId() throws Exception {
        registerAll();
        assertEquals(3, addresses.size());
        // devices 0 and 2 use socket 0, device 1 socket 1
        assertEquals(addresses.get(PREFIX + "0000000"), addresses.get(PREFIX + "0000002"));
        assertNotEquals(addresses.get(PREFIX + "0000000"), addresses.get(PREFIX + "0000001"));
        assertEquals(0, storm.retransmissions.get());
    }

    @Test
    void eachOnlineQueryIsAnsweredWithA200AndTheResponseOfTheDeviceItWasSentTo() throws Exception {
        registerAll();
        String id = PREFIX + "0000002";
        List<String> cmdTypes = new ArrayList<>();
        int sn = 40;
        for (String cmd : List.of("DeviceInfo", "Catalog", "ConfigDownload")) {
            String callId = "q-" + cmd;
            send(request("MESSAGE", id, callId, query(cmd, sn, id)), addresses.get(id));
            SipResponse ok = (SipResponse) receive(m -> m instanceof SipResponse r && r.callId().equals(callId)).message();
            assertEquals(200, ok.statusCode());
            SipRequest answer = (SipRequest) receive(m -> m instanceof SipRequest q && q.method().equals("MESSAGE")
                    && !StormDevices.element(new String(q.body(), StandardCharsets.US_ASCII), "CmdType").equals("Keepalive")).message();
            String body = new String(answer.body(), StandardCharsets.US_ASCII);
            assertEquals(id, answer.from().user());
            assertTrue(body.startsWith("<?xml") && body.contains("<Response>"), body);
            assertEquals(Integer.toString(sn), StormDevices.element(body, "SN"));
            assertEquals(id, StormDevices.element(body, "DeviceID"));
            cmdTypes.add(StormDevices.element(body, "CmdType"));
            if (cmd.equals("Catalog")) {
                assertEquals("2", StormDevices.element(body, "SumNum"));
                assertEquals(2, body.split("<Item>", -1).length - 1);
            }
            send(SipResponse.to(answer, 200, "a").build(), addresses.get(id));
            sn++;
        }
        assertEquals(List.of("DeviceInfo", "Catalog", "ConfigDownload"), cmdTypes);
        Await.eventually("the three Responses confirmed", Duration.ofSeconds(5), () -> storm.messagesConfirmed.get() == 3);
        assertEquals(1, storm.allQueriesAnswered.get());
    }

    @Test
    void aSubscriptionIsGrantedForTheExpiresAskedWithADialogTag() throws Exception {
        registerAll();
        String id = PREFIX + "0000001";
        send(request("SUBSCRIBE", id, "s-1", query("Catalog", 7, id)), addresses.get(id));
        SipResponse ok = (SipResponse) receive(m -> m instanceof SipResponse r && r.callId().equals("s-1")).message();
        assertEquals(200, ok.statusCode());
        assertEquals(600, ok.expires().orElseThrow());
        assertTrue(ok.to().tag().isPresent());
        assertEquals(1, storm.subscriptionsAccepted.get());
    }

    @Test
    void aRetransmittedQueryIsAnsweredAgainWithoutASecondResponse() throws Exception {
        registerAll();
        String id = PREFIX + "0000000";
        SipRequest q = request("MESSAGE", id, "q-again", query("DeviceInfo", 9, id));
        send(q, addresses.get(id));
        receive(m -> m instanceof SipResponse r && r.callId().equals("q-again"));
        SipRequest answer = (SipRequest) receive(m -> m instanceof SipRequest r && r.method().equals("MESSAGE")).message();
        send(SipResponse.to(answer, 200, "a").build(), addresses.get(id));
        Await.eventually("the Response confirmed", Duration.ofSeconds(5), () -> storm.messagesConfirmed.get() == 1);

        send(q, addresses.get(id));
        assertEquals(200, ((SipResponse) receive(m -> m instanceof SipResponse r && r.callId().equals("q-again")).message()).statusCode());
        Await.eventually("the retransmission seen", Duration.ofSeconds(5), () -> storm.requestRetransmissionsReceived.get() == 1);
        assertEquals(1, storm.deviceInfoAnswered.get());
        assertFalse(storm.counters().contains("messages_failed=1"));
    }

    @Test
    void aChallengedRegisterIsSentAgainAtOnceWithCredentialsForThatNonce() throws Exception {
        storm.registerAll(0);
        Received first = receive(m -> m instanceof SipRequest q && q.method().equals("REGISTER"));
        SipRequest register = (SipRequest) first.message();
        DigestChallenge challenge = DigestChallenge.of("3402000000", "n0nce-1");
        send(SipResponse.to(register, 401, "p").header("WWW-Authenticate", challenge.toHeaderValue()).build(), first.from());

        String id = register.from().user();
        Received again = receive(m -> m instanceof SipRequest q && q.method().equals("REGISTER") && q.from().user().equals(id)
                && q.first("Authorization").isPresent());
        SipRequest authorized = (SipRequest) again.message();
        DigestCredentials credentials = DigestCredentials.parse(authorized.first("Authorization").orElseThrow());
        assertEquals(id, credentials.username());
        assertEquals("n0nce-1", credentials.nonce());
        String ha1 = DigestCalculator.ha1(id, "3402000000", "storm-pass");
        assertEquals(DigestCalculator.expectedResponse(credentials, "REGISTER", ha1), credentials.response());
        assertEquals(register.callId(), authorized.callId());
        assertEquals(register.cseq().sequence() + 1, authorized.cseq().sequence());
        assertEquals(1, storm.challenges.get());

        // the challenge of the first REGISTER's retransmission, late, changes nothing; the 200 registers
        send(SipResponse.to(register, 401, "p").header("WWW-Authenticate", challenge.toHeaderValue()).build(), first.from());
        send(SipResponse.to(authorized, 200, "p").header("Expires", 3600).build(), again.from());
        Await.eventually("registered with its credentials", Duration.ofSeconds(5), () -> storm.registered.get() == 1);
        assertEquals(0, storm.registerRefused.get());
        assertEquals(1, storm.challenges.get());
    }
}
