package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.Via;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * A {@code received} or {@code rport} the client writes in its own Via is never a destination: an
 * attacker would otherwise aim our responses (and their retransmissions) at a third host. 127.0.0.2
 * plays the victim, listening where the forged Via points.
 */
class ReflectionTest extends EndpointTestBase {
    private static final String VICTIM = "127.0.0.2";

    @Test
    void aForgedReceivedAndRportAreOverwrittenAndTheResponseGoesToTheRealSource() throws Exception {
        SipEndpoint platform = start(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer victim = udpPeer(VICTIM, 0);
        RawUdpPeer attacker = udpPeer();

        attacker.send(DeviceMessages.keepalive(LOOPBACK + ":" + attacker.port() + ";received=" + VICTIM + ";rport="
                + victim.port() + ";branch=z9hG4bK-refl1", 20), platform.port());

        Via top = ((SipResponse) attacker.receiveMessage(5000)).topVia();
        assertEquals(LOOPBACK, top.parameters().get("received").orElseThrow());
        assertEquals(Integer.toString(attacker.port()), top.parameters().get("rport").orElseThrow());
        assertNull(victim.receive(500), "a response went to the address the Via claimed");
    }

    @Test
    void aForgedReceivedWithoutRportIsNotADestinationEither() throws Exception {
        SipEndpoint platform = start(answering(200, new LinkedBlockingQueue<>()));
        RawUdpPeer attacker = udpPeer();
        // the victim listens on the attacker's port number at another address: where received= would send
        RawUdpPeer victim = udpPeer(VICTIM, attacker.port());

        // sent-by matches the real source, so nothing of ours would have replaced the forged received=
        attacker.send(DeviceMessages.keepalive(LOOPBACK + ":" + attacker.port() + ";received=" + VICTIM
                + ";branch=z9hG4bK-refl2", 20), platform.port());

        SipResponse ok = (SipResponse) attacker.receiveMessage(5000);
        assertEquals(200, ok.statusCode());
        assertEquals(Via.of("UDP", LOOPBACK, attacker.port(), "z9hG4bK-refl2"), ok.topVia(), "the forged received= is echoed");
        assertNull(victim.receive(500), "a response went to the address the Via claimed");
        // nor do retransmissions of the request send the stored response there
        attacker.send(DeviceMessages.keepalive(LOOPBACK + ":" + attacker.port() + ";received=" + VICTIM
                + ";branch=z9hG4bK-refl2", 20), platform.port());
        assertEquals(200, ((SipResponse) attacker.receiveMessage(5000)).statusCode());
        assertNull(victim.receive(300));
    }
}
