package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** An endpoint reading its port through several UDP sockets (SO_REUSEPORT) behaves as one socket. */
class UdpSocketsTest extends EndpointTestBase {

    private SipEndpoint startWithSockets(int sockets, SipRequestHandler handler) throws Exception {
        SipEndpointOptions o = fastOptions().withMode(ListenMode.UDP);
        return start(o.withBounds(o.bounds().withUdpSockets(sockets)), handler);
    }

    @Test
    void devicesOnManySourcePortsAreAllAnsweredFromTheOnePortAndHandledOnTheEndpointsLoop() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();
        SipEndpoint platform = startWithSockets(3, tx -> {
            handlerThreads.add(Thread.currentThread());
            seen.add(tx);
            tx.respond(SipResponse.to(tx.request(), 200, "4711").build());
        });
        List<RawUdpPeer> cameras = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            RawUdpPeer camera = udpPeer();
            cameras.add(camera);
            camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-rp" + i, 100 + i),
                    platform.port());
        }

        for (int i = 0; i < cameras.size(); i++) {
            SipResponse answer = (SipResponse) cameras.get(i).receiveMessage(3000);
            assertEquals(200, answer.statusCode());
            assertEquals("z9hG4bK-rp" + i, answer.topVia().branch().orElseThrow());
            assertEquals(Integer.toString(cameras.get(i).port()), answer.topVia().parameters().get("rport").orElseThrow());
        }
        assertEquals(24, seen.size());
        assertEquals(1, handlerThreads.size(), "handlers ran on more than the endpoint's own loop: " + handlerThreads);
    }

    @Test
    void aRetransmissionReachingTheEndpointIsAnsweredAgainAndHandledOnce() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = startWithSockets(2, answering(200, seen));
        RawUdpPeer camera = udpPeer();
        byte[] keepalive = DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK-rt1", 7);

        camera.send(keepalive, platform.port());
        assertEquals(200, ((SipResponse) camera.receiveMessage(3000)).statusCode());
        camera.send(keepalive, platform.port());
        assertEquals(200, ((SipResponse) camera.receiveMessage(3000)).statusCode());

        assertEquals(1, seen.size());
        assertEquals(1, platform.stats().get("rx.retransmission.MESSAGE"));
        assertNull(camera.receive(200), "a third answer came");
        assertTrue(platform.port() > 0);
    }
}
