package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How messages find their transaction (RFC 3261 §17.1.3, §17.2.3), and what happens when none is found. */
class TransactionMatchingTest extends EndpointTestBase {

    @Test
    void aResponseMatchingNoClientTransactionGoesToTheStrayHandlerAndIsCounted() throws Exception {
        SipEndpoint platform = start(tx -> { });
        BlockingQueue<SipResponse> strays = new LinkedBlockingQueue<>();
        platform.strayResponseHandler(strays::add);
        RawUdpPeer camera = udpPeer();
        SipRequest neverSent = query(platform, SipTransport.UDP, 70);

        camera.send(SipResponse.to(neverSent, 200, "5").build().toBytes(), platform.port());

        SipResponse stray = strays.poll(2, TimeUnit.SECONDS);
        assertNotNull(stray);
        assertEquals(neverSent.callId(), stray.callId());
        assertEquals(1, platform.stats().get("rx.response.stray"));
    }

    @Test
    void aFinalResponseRetransmittedAfterCompletionIsStray() throws Exception {
        SipEndpoint platform = start(tx -> { });
        BlockingQueue<SipResponse> strays = new LinkedBlockingQueue<>();
        platform.strayResponseHandler(strays::add);
        RawUdpPeer camera = udpPeer();
        Future<SipResponse> answer = platform.request(query(platform, SipTransport.UDP, 71), udp(camera.port()));
        byte[] ok = SipResponse.to((SipRequest) camera.receiveMessage(1000), 200, "5").build().toBytes();

        camera.send(ok, platform.port());
        Await.await(answer, 5000);
        camera.send(ok, platform.port());

        assertNotNull(strays.poll(2, TimeUnit.SECONDS));
        assertEquals(1, platform.stats().get("rx.response.stray"));
    }

    @Test
    void aResponseWithTheBranchOfAPendingRequestButAnotherCSeqMethodIsStray() throws Exception {
        SipEndpoint platform = start(tx -> { });
        BlockingQueue<SipResponse> strays = new LinkedBlockingQueue<>();
        platform.strayResponseHandler(strays::add);
        RawUdpPeer camera = udpPeer();
        Future<SipResponse> answer = platform.request(query(platform, SipTransport.UDP, 72), udp(camera.port()));
        SipRequest received = (SipRequest) camera.receiveMessage(1000);

        camera.send(SipResponse.to(received, 200, "5").cseq(72, "INFO").build().toBytes(), platform.port());

        assertNotNull(strays.poll(2, TimeUnit.SECONDS));
        assertFalse(answer.isComplete());
        assertEquals(1, platform.pendingClientTransactions());
    }

    @Test
    void aRequestWithTheBranchOfOurPendingRequestIsAnIndependentServerTransaction() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer camera = udpPeer();
        SipRequest query = query(platform, SipTransport.UDP, 80);
        String branch = query.topVia().branch().orElseThrow();
        Future<SipResponse> answer = platform.request(query, udp(camera.port()));
        SipRequest received = (SipRequest) camera.receiveMessage(1000);

        // the camera's own request happens to use the same branch (and method)
        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=" + branch, 20), platform.port());

        ServerTransaction tx = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(tx, "the request did not reach the handler");
        assertEquals(branch, tx.request().topVia().branch().orElseThrow());
        SipResponse toCamera = receiveResponse(camera);
        assertEquals(20, toCamera.cseq().sequence());
        assertFalse(answer.isComplete(), "our request was completed by the response to the camera's");
        assertEquals(1, platform.pendingClientTransactions());

        camera.send(SipResponse.to(received, 200, "5").build().toBytes(), platform.port());
        SipResponse ok = Await.await(answer, 5000);
        assertEquals(80, ok.cseq().sequence());
        assertEquals(0, platform.stats().get("rx.response.stray"));
        assertEquals(0, platform.stats().get("rx.retransmission.MESSAGE"));
    }

    @Test
    void aRequestAnEndpointSendsToItselfIsHandledAndAnswered() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        SipRequest query = query(platform, SipTransport.UDP, 81);

        SipResponse ok = Await.await(platform.request(query, udp(platform.port())), 5000);

        assertEquals(200, ok.statusCode());
        assertArrayEquals(query.body(), seen.poll(1, TimeUnit.SECONDS).request().body());
        assertEquals(1, platform.serverTransactionCount());
        assertEquals(0, platform.pendingClientTransactions());
    }

    @Test
    void anAckSentRawGoesOutOnceWithoutATransaction() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        SipRequest ack = SipRequest.builder("ACK", SipUri.parse("sip:34020000001320000002@3402000000"))
                .via(platform.newVia(SipTransport.UDP))
                .from(NameAddress.parse("<sip:34020000002000000001@3402000000>").withTag("1"))
                .to(NameAddress.parse("<sip:34020000001320000002@3402000000>").withTag("2"))
                .callId(Branches.callId())
                .cseq(1, "ACK")
                .build();

        Await.await(platform.sendRaw(ack, udp(camera.port())), 5000);

        assertArrayEquals(ack.toBytes(), camera.receive(1000));
        assertNull(camera.receive(4 * FAST.t1()), "the ACK was retransmitted");
        assertEquals(0, platform.pendingClientTransactions());
    }

    /** Skips retransmissions of the platform's own request until a response arrives. */
    private static SipResponse receiveResponse(RawUdpPeer camera) throws Exception {
        for (int i = 0; i < 20; i++) {
            if (camera.receiveMessage(1000) instanceof SipResponse r) {
                return r;
            }
        }
        throw new AssertionError("no response among the datagrams the camera got");
    }
}
