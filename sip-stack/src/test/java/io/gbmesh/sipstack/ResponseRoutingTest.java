package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.Via;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** Where a response over UDP goes: RFC 3261 §18.2.2, and RFC 3581 when the client asked for rport. */
class ResponseRoutingTest extends EndpointTestBase {

    @Test
    void withRportTheResponseGoesBackToTheRealSourceWithReceivedAndRportStamped() throws Exception {
        SipEndpoint platform = start(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer natPublicSide = udpPeer();

        // a camera behind NAT writes its private address in the Via
        natPublicSide.send(DeviceMessages.keepalive("192.168.1.64:5060;rport;branch=z9hG4bK927308490", 20), platform.port());

        SipResponse ok = (SipResponse) natPublicSide.receiveMessage(2000);
        Via top = ok.topVia();
        assertEquals("192.168.1.64", top.host());
        assertEquals(5060, top.port());
        assertEquals(LOOPBACK, top.parameters().get("received").orElseThrow());
        assertEquals(Integer.toString(natPublicSide.port()), top.parameters().get("rport").orElseThrow());
        assertEquals("z9hG4bK927308490", top.branch().orElseThrow());
    }

    @Test
    void withoutRportTheResponseGoesToTheReceivedAddressAndTheViaPort() throws Exception {
        SipEndpoint platform = start(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer sender = udpPeer();
        RawUdpPeer viaPort = udpPeer();

        // sent from one port, the Via names another host (so received= applies) and another port
        sender.send(DeviceMessages.keepalive("192.0.2.10:" + viaPort.port() + ";branch=z9hG4bK5150", 20), platform.port());

        SipResponse ok = (SipResponse) viaPort.receiveMessage(2000);
        Via top = ok.topVia();
        assertEquals(LOOPBACK, top.parameters().get("received").orElseThrow());
        assertFalse(top.hasRport(), "rport stamped though the request did not ask for it");
        assertEquals(viaPort.port(), top.port());
        assertNull(sender.receive(200), "the response went to the source port without rport");
    }

    @Test
    void withoutRportAndAViaMatchingTheSourceTheResponseIsNotStamped() throws Exception {
        SipEndpoint platform = start(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer camera = udpPeer();

        camera.send(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";branch=z9hG4bK5151", 20), platform.port());

        Via top = ((SipResponse) camera.receiveMessage(2000)).topVia();
        assertEquals(Via.of("UDP", LOOPBACK, camera.port(), "z9hG4bK5151"), top);
    }
}
