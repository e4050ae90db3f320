package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Hard caps on server and client transactions: beyond them, 503 with Retry-After, or a refused send;
 * completed transactions kept for retransmissions have a cap of their own.
 */
class TransactionLimitsTest extends EndpointTestBase {
    private static final int CAP = 5;

    private SipEndpoint startCapped(SipRequestHandler handler) throws Exception {
        return start(fastOptions().withBounds(EndpointLimits.DEFAULT.withTransactions(CAP, CAP).withCompletedTransactions(CAP)), handler);
    }

    @Test
    void requestsBeyondTheCapOfActiveTransactionsGet503AndTheTableNeverExceedsIt() throws Exception {
        SipEndpoint platform = startCapped(holding(new LinkedBlockingQueue<>()));
        RawUdpPeer camera = udpPeer();
        AtomicInteger most = new AtomicInteger();
        long watcher = vertx.setPeriodic(1, id -> most.accumulateAndGet(platform.serverTransactionCount(), Math::max));

        int refused = 0;
        for (int i = 0; i < 20; i++) {
            camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-cap" + i, 100 + i), platform.port());
            if (i >= CAP) {
                SipResponse busy = (SipResponse) camera.receiveMessage(2000);
                assertEquals(503, busy.statusCode());
                assertEquals(100 + i, busy.cseq().sequence());
                assertEquals(Integer.toString(EndpointLimits.RETRY_AFTER_SECONDS), busy.first("Retry-After").orElseThrow());
                refused++;
            }
        }

        vertx.cancelTimer(watcher);
        assertEquals(15, refused);
        assertEquals(CAP, platform.serverTransactionCount());
        assertTrue(most.get() <= CAP, "the table held " + most.get());
        assertEquals(15, platform.stats().get("tx.server.refused"));
    }

    @Test
    void completedTransactionsBeyondTheirCapForgetTheOldestFirst() throws Exception {
        SipEndpoint platform = startCapped(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer camera = udpPeer();

        for (int i = 0; i < 20; i++) {
            camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-done" + i, 200 + i), platform.port());
            assertEquals(200, ((SipResponse) camera.receiveMessage(2000)).statusCode());
            assertTrue(platform.serverTransactionCount() <= CAP);
        }

        assertEquals(15, platform.stats().get("tx.server.evicted"));
        assertEquals(0, platform.stats().get("tx.server.refused"));
        // the newest completed one is still answered from the table, the oldest is not held any more
        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-done19", 219), platform.port());
        assertEquals(200, ((SipResponse) camera.receiveMessage(2000)).statusCode());
        assertEquals(1, platform.stats().get("rx.retransmission.MESSAGE"));
    }

    @Test
    void aFloodOfNewRequestsDoesNotPushOutTheAnswersTheRealDevicesMayAskAgain() throws Exception {
        LinkedBlockingQueue<ServerTransaction> held = new LinkedBlockingQueue<>();
        SipEndpoint platform = startCapped(tx -> {
            if (tx.request().cseq().sequence() == 1) {
                tx.respond(SipResponse.to(tx.request(), 200, Branches.tag()).build());
            } else {
                held.add(tx);
            }
        });
        RawUdpPeer camera = udpPeer();
        RawUdpPeer flooder = udpPeer();
        byte[] answered = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-real", 1);
        camera.send(answered, platform.port());
        assertEquals(200, ((SipResponse) camera.receiveMessage(2000)).statusCode());

        for (int i = 0; i < 3 * CAP; i++) {
            flooder.send(DeviceMessages.keepalive(LOOPBACK + ":" + flooder.port() + ";rport;branch=z9hG4bK-flood" + i, 500 + i), platform.port());
        }
        Await.eventually("the flood beyond the cap is refused", Duration.ofSeconds(3),
                () -> platform.stats().get("tx.server.refused") == 2 * CAP);

        camera.send(answered, platform.port());
        assertEquals(200, ((SipResponse) camera.receiveMessage(2000)).statusCode());
        assertEquals(1, platform.stats().get("rx.retransmission.MESSAGE"));
        assertEquals(0, platform.stats().get("tx.server.evicted"));
        assertEquals(CAP, held.size());
    }

    @Test
    void requestsBeyondTheCapOfClientTransactionsAreNotSent() throws Exception {
        SipEndpoint platform = startCapped(holding(new LinkedBlockingQueue<>()));
        RawUdpPeer silentCamera = udpPeer();
        for (int i = 0; i < CAP; i++) {
            platform.request(query(platform, SipTransport.UDP, 300 + i), udp(silentCamera.port()));
        }
        Await.eventually("the requests are pending", Duration.ofSeconds(3), () -> platform.pendingClientTransactions() == CAP);

        Future<SipResponse> beyond = platform.request(query(platform, SipTransport.UDP, 399), udp(silentCamera.port()));

        assertInstanceOf(SipOverloadException.class, Await.failure(beyond, 1000));
        assertEquals(CAP, platform.pendingClientTransactions());
        assertEquals(1, platform.stats().get("tx.client.refused"));
        // and they all expire (Timer F)
        Await.eventually("the client transactions expire", Duration.ofMillis(FAST.timeout() + 1500),
                () -> platform.pendingClientTransactions() == 0);
    }
}
