package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a preparer makes of a request where it is parsed reaches the handler with the transaction. */
class PreparedRequestsTest extends EndpointTestBase {

    @Test
    void theHandlerGetsWhatThePreparerMadeOfTheRequestOnTheThreadThatParsedIt() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        BlockingQueue<String> preparedOn = new LinkedBlockingQueue<>();
        BlockingQueue<String> handledOn = new LinkedBlockingQueue<>();
        SipRequestHandler answer = answering(200, seen);
        SipEndpoint device = start(tx -> {
            handledOn.add(Thread.currentThread().getName());
            answer.handle(tx);
        });
        device.prepareRequests(r -> {
            preparedOn.add(Thread.currentThread().getName());
            return "prepared " + r.method() + " " + r.cseq().sequence();
        });
        SipEndpoint platform = start(tx -> fail("unexpected request"));

        SipResponse ok = Await.await(platform.request(query(platform, SipTransport.UDP, 30), udp(device.port())), 5000);
        assertEquals(200, ok.statusCode());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertEquals("prepared MESSAGE 30", tx.prepared());
        assertNotEquals(handledOn.poll(1, TimeUnit.SECONDS), preparedOn.poll(1, TimeUnit.SECONDS),
                "prepared on a UDP socket's loop, not the endpoint's");
    }

    @Test
    void aPreparerThatFailsLeavesNothingPreparedAndTheRequestIsStillHandled() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint device = start(answering(200, seen));
        device.prepareRequests(r -> {
            throw new IllegalStateException("a bug in the preparer");
        });
        SipEndpoint platform = start(tx -> fail("unexpected request"));

        SipResponse ok = Await.await(platform.request(query(platform, SipTransport.UDP, 31), udp(device.port())), 5000);
        assertEquals(200, ok.statusCode());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertNull(tx.prepared());
    }
}
