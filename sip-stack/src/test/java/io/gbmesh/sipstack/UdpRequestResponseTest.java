package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpRequestResponseTest extends EndpointTestBase {

    @Test
    void aRequestOverUdpCompletesWithTheFinalResponseTheOtherHandlerGave() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint device = start(answering(200, seen));
        SipEndpoint platform = start(tx -> fail("the platform got a request: " + tx.request()));

        SipRequest query = query(platform, SipTransport.UDP, 20);
        SipResponse ok = Await.await(platform.request(query, udp(device.port())), 5000);

        assertEquals(200, ok.statusCode());
        assertEquals("4711", ok.to().tag().orElseThrow());
        assertEquals(query.callId(), ok.callId());
        assertEquals(query.topVia().branch(), ok.topVia().branch());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertArrayEquals(query.body(), tx.request().body());
        assertEquals(0, platform.pendingClientTransactions());
        assertEquals(1, platform.stats().get("rx.response.200"));
        // one new request; with T1 of 50 ms a loaded machine may add a retransmission, which is absorbed
        assertEquals(1, device.stats().get("rx.request.MESSAGE") - device.stats().get("rx.retransmission.MESSAGE"));
    }

    @Test
    void theHandlerSeesTheRealSourceAddressNotTheVia() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint device = start(answering(200, seen));
        SipEndpoint platform = start(tx -> fail("unexpected request"));

        // the Via claims a host and port the request does not come from
        SipRequest query = query(platform, "SIP/2.0/UDP 192.0.2.7:5999;rport;branch=" + Branches.branch(), 21);
        SipResponse ok = Await.await(platform.request(query, udp(device.port())), 5000);

        assertEquals(200, ok.statusCode());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertEquals(new Peer(SipTransport.UDP, LOOPBACK, platform.port()), tx.source());
        assertEquals(LOOPBACK, ok.topVia().parameters().get("received").orElseThrow());
        assertEquals(Integer.toString(platform.port()), ok.topVia().parameters().get("rport").orElseThrow());
    }
}
