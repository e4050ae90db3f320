package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegisterPartsTest {
    private static final String ID = "34020000001320000001";

    private static SipRequest register(String... extraHeaders) throws Exception {
        StringBuilder sb = new StringBuilder("REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.168.1.64:5060;rport;branch=z9hG4bK1\r\n"
                + "From: <sip:" + ID + "@3402000000>;tag=1\r\n"
                + "To: <sip:" + ID + "@3402000000>\r\n"
                + "Call-ID: c1\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return (SipRequest) new SipParser().parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFirstRegisterHasNoCredentialsAndTakesItsExpiresFromTheHeader() throws Exception {
        RegisterParts p = RegisterParts.of(register("Contact: <sip:" + ID + "@192.168.1.64:5060>", "Expires: 3600"));
        assertNull(p.authorization());
        assertNull(p.credentials());
        assertFalse(p.badAuthorization());
        assertEquals("sip:" + ID + "@192.168.1.64:5060", p.contact());
        assertEquals(3600, p.expires());
        assertNull(p.expiresError());
    }

    @Test
    void digestCredentialsAreReadAndMalformedOnesAreTold() throws Exception {
        RegisterParts ok = RegisterParts.of(register("Authorization: Digest username=\"" + ID + "\", realm=\"3402000000\", "
                + "nonce=\"n1\", uri=\"sip:34020000002000000001@3402000000\", response=\"0123456789abcdef0123456789abcdef\", "
                + "algorithm=MD5"));
        assertNotNull(ok.credentials());
        assertEquals(ID, ok.credentials().username());
        assertEquals("n1", ok.credentials().nonce());
        assertFalse(ok.badAuthorization());

        RegisterParts bad = RegisterParts.of(register("Authorization: Basic abc"));
        assertTrue(bad.badAuthorization());
    }

    @Test
    void expiresComesFromTheContactWhenTheHeaderIsAbsentAndIsMinusOneWhenNeitherSaysIt() throws Exception {
        assertEquals(120, RegisterParts.of(register("Contact: <sip:" + ID + "@192.168.1.64:5060>;expires=120")).expires());
        assertEquals(-1, RegisterParts.of(register("Contact: <sip:" + ID + "@192.168.1.64:5060>")).expires());
        assertEquals("*", RegisterParts.of(register("Contact: *", "Expires: 0")).contact());
    }

    @Test
    void unreadableExpiresOrContactAreReasonsToRefuse() throws Exception {
        assertEquals("bad Contact expires",
                RegisterParts.of(register("Contact: <sip:" + ID + "@192.168.1.64:5060>;expires=soon")).expiresError());
        assertNotNull(RegisterParts.of(register("Expires: soon")).expiresError());
        RegisterParts brokenContact = RegisterParts.of(register("Contact: <sip:" + ID + "@192.168.1.64:5060"));
        assertNotNull(brokenContact.expiresError(), "without Expires, an unreadable Contact cannot say how long");
        assertNull(brokenContact.contact());
    }
}
