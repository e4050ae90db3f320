package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** RFC 3261 §17.2.2: a retransmitted request is absorbed by its server transaction. */
class ServerTransactionRetransmissionTest extends EndpointTestBase {

    @Test
    void aRetransmittedRequestReachesTheHandlerOnceAndGetsTheSameResponseBytes() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK927308490", 20);

        camera.send(keepalive, platform.port());
        byte[] first = camera.receive(2000);
        camera.send(keepalive, platform.port());
        byte[] second = camera.receive(2000);

        assertNotNull(first);
        assertNotNull(second);
        assertArrayEquals(first, second);
        assertEquals(200, ((SipResponse) new SipParser().parse(first)).statusCode());
        assertNotNull(seen.poll(1, TimeUnit.SECONDS));
        assertNull(seen.poll(200, TimeUnit.MILLISECONDS), "the handler was called for the retransmission");
        assertEquals(1, platform.stats().get("rx.retransmission.MESSAGE"));
        assertEquals(2, platform.stats().get("tx.response.200"));
    }

    @Test
    void aRetransmissionBeforeTheHandlerAnswersGetsNothingAndNoSecondHandlerCall() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(holding(seen));
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK11", 20);

        camera.send(keepalive, platform.port());
        ServerTransaction tx = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(tx);
        camera.send(keepalive, platform.port());
        assertNull(camera.receive(300), "a retransmission of an unanswered request got an answer");
        assertNull(seen.poll(10, TimeUnit.MILLISECONDS), "the handler was called for the retransmission");
        assertEquals(1, platform.stats().get("rx.retransmission.MESSAGE"));

        tx.respond(SipResponse.to(tx.request(), 200, "1").build());
        byte[] answer = camera.receive(2000);
        camera.send(keepalive, platform.port());
        assertArrayEquals(answer, camera.receive(2000));
        assertEquals(2, platform.stats().get("rx.retransmission.MESSAGE"));
    }

    @Test
    void aRetransmissionWhileProceedingGetsTheLastProvisionalAgain() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(tx -> {
            seen.add(tx);
            tx.respond(SipResponse.to(tx.request(), 100, null).build());
        });
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK12", 20);

        camera.send(keepalive, platform.port());
        byte[] trying = camera.receive(2000);
        camera.send(keepalive, platform.port());

        assertEquals(100, ((SipResponse) new SipParser().parse(trying)).statusCode());
        assertArrayEquals(trying, camera.receive(2000));
        assertNotNull(seen.poll(1, TimeUnit.SECONDS));
        assertNull(seen.poll(100, TimeUnit.MILLISECONDS));
        assertEquals(1, platform.serverTransactionCount());
    }

    @Test
    void aHandlerThatThrowsIsAnswered500AndTheRetransmissionGetsThe500Again() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SipEndpoint platform = start(tx -> {
            calls.incrementAndGet();
            throw new IllegalStateException("registry unavailable");
        });
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK13", 20);

        camera.send(keepalive, platform.port());
        assertEquals(500, ((SipResponse) camera.receiveMessage(2000)).statusCode());
        assertEquals(1, platform.stats().get("handler.error"));
        camera.send(keepalive, platform.port());

        assertEquals(500, ((SipResponse) camera.receiveMessage(2000)).statusCode());
        assertEquals(1, calls.get(), "the retransmission reached the handler again");
    }

    @Test
    void aCompletedTransactionIsForgottenAfterTheTransactionTimeout() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK14", 20);

        camera.send(keepalive, platform.port());
        assertNotNull(camera.receive(2000));
        assertEquals(1, platform.serverTransactionCount());

        // Timer J (64·T1) plus one sweep period
        Await.eventually("the transaction expires", Duration.ofMillis(FAST.timeout() + 1500),
                () -> platform.serverTransactionCount() == 0);
        camera.send(keepalive, platform.port());
        assertNotNull(camera.receive(2000));
        assertEquals(2, seen.size(), "a request after expiry is a new transaction");
    }

    @Test
    void aNewRequestWithAnotherBranchIsANewTransaction() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer camera = udpPeer();

        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK21", 20), platform.port());
        assertNotNull(camera.receive(2000));
        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK22", 21), platform.port());
        assertNotNull(camera.receive(2000));

        assertEquals(2, seen.size());
        assertEquals(0, platform.stats().get("rx.retransmission.MESSAGE"));
    }
}
