package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.1.2: a non-INVITE client transaction retransmits over UDP (Timer E) until Timer F. */
class ClientTransactionRetransmissionTest extends EndpointTestBase {

    @Test
    void overUdpTheRequestIsRetransmittedOnT1DoublingCappedAtT2UntilItTimesOut() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer silentCamera = udpPeer();
        SipRequest query = query(platform, SipTransport.UDP, 20);

        long sentAt = System.nanoTime();
        Future<SipResponse> answer = platform.request(query, udp(silentCamera.port()));
        List<Long> arrivals = new ArrayList<>();
        byte[] copy;
        while ((copy = silentCamera.receive(FAST.timeout() + 500 - millisSince(sentAt))) != null) {
            arrivals.add(millisSince(sentAt));
            assertArrayEquals(query.toBytes(), copy, "a retransmission differs from the request");
        }

        // Timer E: sends at 0, 50, 150, 350, 750 (gaps doubling from T1), then every T2 until Timer F at 2000.
        // Timers never fire early, so each copy arrives no sooner than planned; lateness only delays.
        long[] planned = {0, 50, 150, 350, 750, 1150, 1550, 1950};
        assertTrue(arrivals.size() >= 6 && arrivals.size() <= planned.length, "copies at " + arrivals);
        for (int i = 0; i < arrivals.size(); i++) {
            assertTrue(arrivals.get(i) >= planned[i] - 5, "copy " + i + " came too early: " + arrivals);
        }
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = arrivals.get(i) - arrivals.get(i - 1);
            assertTrue(gap < FAST.t2() + 300, "a gap beyond T2 (uncapped it would be " + 2 * FAST.t2() + "): " + arrivals);
        }
        Throwable failure = Await.failure(answer, 1000);
        assertInstanceOf(SipTimeoutException.class, failure);
        assertEquals(1, platform.stats().get("tx.timeout.MESSAGE"));
        assertEquals(arrivals.size() - 1, platform.stats().get("tx.retransmission.MESSAGE"));
        assertEquals(0, platform.pendingClientTransactions());
    }

    @Test
    void aFinalResponseAfterTheFirstRetransmissionCompletesTheRequestAndStopsRetransmitting() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        SipRequest query = query(platform, SipTransport.UDP, 21);

        Future<SipResponse> answer = platform.request(query, udp(camera.port()));
        SipRequest received = (SipRequest) camera.receiveMessage(1000);
        assertNotNull(camera.receive(1000), "no retransmission after T1");
        camera.send(SipResponse.to(received, 200, "99").build().toBytes(), platform.port());

        SipResponse ok = Await.await(answer, 5000);
        assertEquals(200, ok.statusCode());
        assertEquals("99", ok.to().tag().orElseThrow());
        // copies sent before the 200 was processed are already on their way; none may follow
        long retransmissions = platform.stats().get("tx.retransmission.MESSAGE");
        int inFlight = 0;
        while (camera.receive(20) != null) {
            inFlight++;
        }
        assertEquals(retransmissions - 1, inFlight);
        assertNull(camera.receive(4 * FAST.t1() + 200), "retransmitted after the final response");
        assertEquals(retransmissions, platform.stats().get("tx.retransmission.MESSAGE"));
        assertEquals(0, platform.stats().get("tx.timeout.MESSAGE"));
        assertEquals(0, platform.pendingClientTransactions());
    }

    @Test
    void afterAProvisionalResponseANonInviteRequestIsRetransmittedEveryT2() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        SipRequest query = query(platform, SipTransport.UDP, 23);
        BlockingQueue<SipResponse> provisionals = new LinkedBlockingQueue<>();

        Future<SipResponse> answer = platform.request(query, udp(camera.port()), provisionals::add);
        SipRequest received = (SipRequest) camera.receiveMessage(1000);
        camera.send(SipResponse.to(received, 100, null).build().toBytes(), platform.port());
        assertEquals(100, provisionals.poll(1, TimeUnit.SECONDS).statusCode());
        long trying = System.nanoTime();
        List<Long> arrivals = new ArrayList<>();
        while (millisSince(trying) < 3 * FAST.t2() && camera.receive(3 * FAST.t2() - millisSince(trying)) != null) {
            arrivals.add(millisSince(trying));
        }

        // Proceeding (RFC 3261 §17.1.2.2): after at most one shorter pending interval, every T2
        assertTrue(arrivals.size() >= 2 && arrivals.size() <= 4, "copies after the 100: " + arrivals);
        for (int i = arrivals.size() - 1; i >= 2; i--) {
            long gap = arrivals.get(i) - arrivals.get(i - 1);
            assertTrue(gap >= FAST.t2() - 100 && gap <= FAST.t2() + 250, "gaps after the 100 are not T2: " + arrivals);
        }
        assertFalse(answer.isComplete(), "a provisional response completed the request");
        camera.send(SipResponse.to(received, 200, "1").build().toBytes(), platform.port());
        assertEquals(200, Await.await(answer, 5000).statusCode());
    }

    @Test
    void anInviteStopsRetransmittingOnceAProvisionalResponseArrives() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        SipRequest invite = SipRequest.builder("INVITE", SipUri.parse("sip:34020000001320000002@3402000000"))
                .via(platform.newVia(SipTransport.UDP))
                .from(NameAddress.parse("<sip:34020000002000000001@3402000000>").withTag("1"))
                .to(NameAddress.parse("<sip:34020000001320000002@3402000000>"))
                .callId(Branches.callId())
                .cseq(1, "INVITE")
                .contact(NameAddress.parse("<sip:34020000002000000001@127.0.0.1:5060>"))
                .body("APPLICATION/SDP", "v=0\r\no=34020000002000000001 0 0 IN IP4 127.0.0.1\r\ns=Play\r\n".getBytes())
                .build();

        BlockingQueue<SipResponse> provisionals = new LinkedBlockingQueue<>();
        Future<SipResponse> answer = platform.request(invite, udp(camera.port()), provisionals::add);
        SipRequest received = (SipRequest) camera.receiveMessage(1000);
        camera.send(SipResponse.to(received, 100, null).build().toBytes(), platform.port());
        assertNotNull(provisionals.poll(1, TimeUnit.SECONDS));
        while (camera.receive(20) != null) {
            // a copy sent before the 100 was processed
        }

        assertNull(camera.receive(8 * FAST.t1()), "the INVITE was retransmitted after 100 Trying");
        camera.send(SipResponse.to(received, 200, "1").build().toBytes(), platform.port());
        assertEquals(200, Await.await(answer, 5000).statusCode());
    }

    @Test
    void overTcpTheRequestIsSentOnceAndStillTimesOut() throws Exception {
        SipEndpoint platform = start(tx -> { });
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SipRequest query = query(platform, SipTransport.TCP, 22);
            Future<SipResponse> answer = platform.request(query, tcp(listener.getLocalPort()));
            listener.setSoTimeout(2000);
            try (RawTcpDevice camera = new RawTcpDevice(listener.accept())) {
                assertArrayEquals(query.toBytes(), camera.nextBytes(1000));
                assertNull(camera.nextBytes(FAST.timeout()), "a second copy went over TCP");
            }
            assertInstanceOf(SipTimeoutException.class, Await.failure(answer, 1000));
        }
        assertEquals(0, platform.stats().get("tx.retransmission.MESSAGE"));
        assertEquals(1, platform.stats().get("tx.timeout.MESSAGE"));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
