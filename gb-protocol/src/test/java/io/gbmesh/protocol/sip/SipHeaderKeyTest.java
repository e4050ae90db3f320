package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A header's key test without a lower-case copy answers as comparing the lower-case copies does. */
class SipHeaderKeyTest {

    @Test
    void hasKeyAgreesWithTheKeysForEveryNameAndSpelling() {
        List<String> names = List.of("Via", "VIA", "v", "V", "Call-ID", "call-id", "CALL-ID", "i", "I", "Content-Length",
                "l", "Content-Type", "c", "X-Vendor", "x-vendor", "CSeq", "cseq", "Max-Forwards", "Expires", "k", "s", "e",
                "t", "f", "m", "q", "Subscription-State", "WWW-Authenticate", "www-authenticate");
        for (String name : names) {
            SipHeader h = new SipHeader(name, "x");
            for (String other : names) {
                String key = SipHeaderNames.key(other);
                assertEquals(h.key().equals(key), h.hasKey(key), name + " against " + key);
            }
        }
        assertEquals("call-id", SipHeaderNames.key(SipHeaderNames.CALL_ID));
        assertEquals("call-id", SipHeaderNames.key("i"));
        assertEquals("x-vendor", SipHeaderNames.key("X-Vendor"));
    }
}
