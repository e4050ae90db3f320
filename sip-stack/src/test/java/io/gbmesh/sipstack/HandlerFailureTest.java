package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every request is answered, whatever its handler does: throws (any Throwable) or never answers. */
class HandlerFailureTest extends EndpointTestBase {

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    @Test
    void aHandlerOverflowingItsStackIsAnswered500AndItsTransactionIsGone() throws Exception {
        SipEndpoint platform = start(tx -> recurse(0));
        RawTcpDevice camera = tcpDevice(platform.port());

        long start = System.currentTimeMillis();
        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-so", 20));

        SipResponse answer = (SipResponse) camera.nextMessage(2000);
        assertEquals(500, answer.statusCode());
        assertTrue(System.currentTimeMillis() - start < 2000);
        Await.eventually("the transaction is removed", Duration.ofSeconds(3), () -> platform.serverTransactionCount() == 0);
        assertEquals(1, platform.stats().get("handler.error"));

        // the endpoint keeps serving: the next request is answered too
        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-so2", 21));
        assertEquals(500, ((SipResponse) camera.nextMessage(2000)).statusCode());
    }

    @Test
    void aHandlerOverflowingItsStackOverUdpIsAnswered500AndTheTransactionExpires() throws Exception {
        SipEndpoint platform = start(tx -> recurse(0));
        RawUdpPeer camera = udpPeer();

        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-so3", 20), platform.port());

        assertEquals(500, ((SipResponse) camera.receiveMessage(2000)).statusCode());
        // kept only for Timer J to absorb retransmissions, then gone
        Await.eventually("the transaction expires", Duration.ofMillis(FAST.timeout() + 1500),
                () -> platform.serverTransactionCount() == 0);
    }

    @Test
    void aHandlerThrowingARuntimeExceptionIsAnswered500() throws Exception {
        SipEndpoint platform = start(tx -> {
            throw new IllegalArgumentException("bad luck");
        });
        RawTcpDevice camera = tcpDevice(platform.port());

        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-rt", 20));

        assertEquals(500, ((SipResponse) camera.nextMessage(2000)).statusCode());
        Await.eventually("the transaction is removed", Duration.ofSeconds(3), () -> platform.serverTransactionCount() == 0);
        assertEquals(1, platform.stats().get("handler.error"));
    }

    @Test
    void aHandlerThatAnsweredBeforeThrowingIsNotAnsweredTwice() throws Exception {
        SipEndpoint platform = start(tx -> {
            tx.respond(SipResponse.to(tx.request(), 200, "1").build());
            throw new IllegalStateException("after the answer");
        });
        RawTcpDevice camera = tcpDevice(platform.port());

        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-at", 20));

        assertEquals(200, ((SipResponse) camera.nextMessage(2000)).statusCode());
        assertEquals(null, camera.nextBytes(300));
        assertEquals(0, platform.serverTransactionCount());
    }

    @Test
    void aHandlerThatNeverAnswersHasItsTransactionRemovedAtTheDeadline() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(holding(seen));
        RawTcpDevice camera = tcpDevice(platform.port());

        long start = System.currentTimeMillis();
        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-na", 20));
        ServerTransaction tx = seen.poll(2, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertEquals(1, platform.serverTransactionCount());

        SipResponse answer = (SipResponse) camera.nextMessage(FAST.timeout() + 2000);
        long took = System.currentTimeMillis() - start;
        assertEquals(500, answer.statusCode());
        assertTrue(took >= FAST.timeout() - 100 && took < FAST.timeout() + 1500, "answered after " + took + " ms");
        assertEquals(0, platform.serverTransactionCount());
        assertEquals(1, platform.stats().get("tx.server.expired"));

        // the handler's late answer goes nowhere
        tx.respond(SipResponse.to(tx.request(), 200, "1").build());
        Await.eventually("the late answer is counted", Duration.ofSeconds(3),
                () -> platform.stats().get("tx.response.late") == 1);
        assertEquals(null, camera.nextBytes(300));
    }
}
