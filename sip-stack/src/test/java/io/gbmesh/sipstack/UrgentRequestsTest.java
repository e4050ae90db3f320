package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Requests named urgent (a gateway's REGISTERs and keepalives) are handled before the messages
 * received ahead of them that still wait for the endpoint's loop; without such a name everything
 * keeps its arrival order.
 */
class UrgentRequestsTest extends EndpointTestBase {
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Records each request by method and CSeq; the request with CSeq 1 holds the loop until released. */
    private SipRequestHandler recording() {
        return tx -> {
            handled.add(tx.request().method() + " " + tx.request().cseq().sequence());
            if (tx.request().cseq().sequence() == 1) {
                blocked.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tx.respond(SipResponse.to(tx.request(), 200, "4711").build());
        };
    }

    /** While the loop is held: three keepalives (CSeq 2-4) then a REGISTER (CSeq 1 of its own dialog, written as 5). */
    private void sendBehindABusyLoop(SipEndpoint platform, RawUdpPeer camera) throws Exception {
        String via = LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-u";
        camera.send(DeviceMessages.keepalive(via + 1, 1), platform.port());
        assertEquals(true, blocked.await(3, TimeUnit.SECONDS), "the first request was not handled");
        for (int cseq = 2; cseq <= 4; cseq++) {
            camera.send(DeviceMessages.keepalive(via + cseq, cseq), platform.port());
        }
        camera.send(DeviceMessages.text(DeviceMessages.register("UDP", via + 5)).replace("CSeq: 1 REGISTER", "CSeq: 5 REGISTER")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), platform.port());
    }

    @Test
    void anUrgentRequestIsHandledBeforeTheMessagesWaitingAheadOfIt() throws Exception {
        SipEndpoint platform = start(ListenMode.UDP, recording());
        platform.urgentRequests(r -> r.method().equals("REGISTER"));
        RawUdpPeer camera = udpPeer();

        sendBehindABusyLoop(platform, camera);
        Await.eventually("the REGISTER waiting as urgent", Duration.ofSeconds(3), () -> platform.urgentWaiting() == 1);
        release.countDown();

        Await.eventually("every request handled", Duration.ofSeconds(3), () -> handled.size() == 5);
        assertEquals(List.of("MESSAGE 1", "REGISTER 5", "MESSAGE 2", "MESSAGE 3", "MESSAGE 4"), handled);
        assertEquals(0, platform.urgentWaiting());
    }

    @Test
    void withoutUrgentRequestsNamedEverythingKeepsItsArrivalOrder() throws Exception {
        SipEndpoint platform = start(ListenMode.UDP, recording());
        RawUdpPeer camera = udpPeer();

        sendBehindABusyLoop(platform, camera);
        release.countDown();

        Await.eventually("every request handled", Duration.ofSeconds(3), () -> handled.size() == 5);
        assertEquals(List.of("MESSAGE 1", "MESSAGE 2", "MESSAGE 3", "MESSAGE 4", "REGISTER 5"), handled);
    }

    @Test
    void aPredicateThatThrowsLeavesTheRequestInItsPlace() throws Exception {
        SipEndpoint platform = start(ListenMode.UDP, recording());
        platform.urgentRequests(r -> {
            throw new IllegalStateException("broken classifier");
        });
        RawUdpPeer camera = udpPeer();

        sendBehindABusyLoop(platform, camera);
        release.countDown();

        Await.eventually("every request handled", Duration.ofSeconds(3), () -> handled.size() == 5);
        assertEquals("REGISTER 5", handled.get(4));
    }

    @Test
    void aFloodOfUrgentRequestsLeavesTheLoopToItsOtherWorkBetweenReads() throws Exception {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger countWhenOtherWorkRan = new java.util.concurrent.atomic.AtomicInteger(-1);
        SipEndpoint platform = start(ListenMode.UDP, tx -> {
            count.incrementAndGet();
            if (tx.request().method().equals("MESSAGE")) {
                // other work of the loop (a timer, an event-bus reply), queued before the flood arrives
                vertx.getOrCreateContext().runOnContext(v -> countWhenOtherWorkRan.set(count.get()));
                blocked.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            tx.respond(SipResponse.to(tx.request(), 200, "4711").build());
        });
        platform.urgentRequests(r -> r.method().equals("REGISTER"));
        RawUdpPeer camera = udpPeer();
        String via = LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-f";
        camera.send(DeviceMessages.keepalive(via + "k", 1), platform.port());
        assertEquals(true, blocked.await(3, TimeUnit.SECONDS), "the keepalive was not handled");
        for (int k = 0; k < 400; k++) {
            camera.send(DeviceMessages.register("UDP", via + k), platform.port());
        }
        Await.eventually("the flood waiting as urgent", Duration.ofSeconds(3), () -> platform.urgentWaiting() == 400);
        release.countDown();

        Await.eventually("every request handled", Duration.ofSeconds(3), () -> count.get() == 401);
        int before = countWhenOtherWorkRan.get();
        org.junit.jupiter.api.Assertions.assertTrue(before > 0 && before <= 1 + 64,
                "the loop's other work waited for " + (before - 1) + " urgent requests");
    }
}
