package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipResponse;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Counter names (exported as metric series) cannot be grown from the wire: unknown methods are {@code other}. */
class MetricLabelsTest extends EndpointTestBase {

    private static byte[] request(String method, int cseq, int port) {
        return DeviceMessages.message(method + " sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPBACK + ":" + port + ";rport;branch=z9hG4bK-m" + cseq + "\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: flood-" + cseq + "\r\nCSeq: " + cseq + " " + method + "\r\nMax-Forwards: 70\r\n", "");
    }

    @Test
    void aThousandRandomMethodsAddOneOtherSeries() throws Exception {
        SipEndpoint platform = start((SipRequestHandler) tx -> tx.respond(SipResponse.to(tx.request(), 405, "1").build()));
        RawUdpPeer attacker = udpPeer();
        attacker.send(request("OPTIONS", 1, attacker.port()), platform.port());
        assertEquals(405, ((SipResponse) attacker.receiveMessage(2000)).statusCode());
        Set<String> before = new TreeSet<>(platform.stats().snapshot().keySet());
        Random random = new Random(8);

        for (int i = 0; i < 1000; i++) {
            StringBuilder method = new StringBuilder("X");
            for (int k = 0; k < 10; k++) {
                method.append((char) ('A' + random.nextInt(26)));
            }
            attacker.send(request(method.toString(), 10 + i, attacker.port()), platform.port());
            assertEquals(405, ((SipResponse) attacker.receiveMessage(2000)).statusCode());
        }

        Set<String> added = new TreeSet<>(platform.stats().snapshot().keySet());
        added.removeAll(before);
        assertEquals(Set.of("rx.request.other"), added);
        assertEquals(1000, platform.stats().get("rx.request.other"));
        assertTrue(platform.stats().snapshot().keySet().stream().noneMatch(n -> n.contains(".X")));
    }

    @Test
    void labelsOfMethodsAndStatusCodesComeFromClosedSets() {
        assertEquals("REGISTER", SipStats.method("REGISTER"));
        assertEquals("other", SipStats.method("FLOOD123"));
        assertEquals("other", SipStats.method(null));
        assertEquals("404", SipStats.status(404));
        assertEquals("other", SipStats.status(42));
        assertEquals("other", SipStats.status(700));
    }

    @Test
    void beyondTheCapOfNamesIncrementsLandInOneOverflowCounter() {
        SipStats stats = new SipStats();
        for (int i = 0; i < SipStats.MAX_NAMES + 500; i++) {
            stats.increment("custom." + i);
        }
        assertEquals(SipStats.MAX_NAMES + 1, stats.size());
        assertEquals(500, stats.get("stats.overflow"));
    }
}
