package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SipParserGoldenTest {
    private final SipParser parser = new SipParser();

    @ParameterizedTest
    @FieldSource("io.gbmesh.protocol.sip.SipVectors#ALL")
    void everyReferenceMessageParsesAndSerializesToTheSameBytes(String name) throws Exception {
        byte[] wire = SipVectors.bytes(name);
        SipMessage message = parser.parse(wire);
        String text = new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!text.contains("Content-Length:")) {
            // we always write Content-Length (RFC 3261 §18.3 needs it on TCP); the reference's ACK and BYE omit it
            text = text.replace("\r\n\r\n", "\r\nContent-Length: 0\r\n\r\n");
        }
        assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), message.toBytes(), name);
        assertFalse(message.vias().isEmpty());
        assertEquals(message.bodyLength(), Integer.parseInt(message.first("Content-Length").orElse("0")));
    }

    @Test
    void registerRequestFieldsMatchTheReference() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.bytes("03-dev-register-request"));
        assertEquals("REGISTER", r.method());
        assertEquals("34020000002000000001", r.requestUri().user());
        assertEquals("3402000000", r.requestUri().host());
        assertEquals(-1, r.requestUri().port());
        Via via = r.topVia();
        assertEquals("UDP", via.transport());
        assertEquals("192.168.0.64", via.host());
        assertEquals(5060, via.port());
        assertTrue(via.hasRport());
        assertEquals("z9hG4bK1945388331", via.branch().orElseThrow());
        assertEquals("34020000001320000002", r.from().user());
        assertEquals("33226951", r.from().tag().orElseThrow());
        assertEquals("34020000001320000002", r.to().user());
        assertTrue(r.to().tag().isEmpty());
        assertEquals("1455222403", r.callId());
        assertEquals(new CSeq(1, "REGISTER"), r.cseq());
        NameAddress contact = r.contact().orElseThrow();
        assertEquals("192.168.0.64", contact.uri().host());
        assertEquals(5060, contact.uri().port());
        assertEquals(3600, r.expires().orElseThrow());
        assertEquals("70", r.first("max-forwards").orElseThrow());
        assertEquals("IP Camera", r.first("User-Agent").orElseThrow());
        assertFalse(r.has("Authorization"));
    }

    @Test
    void authenticatedRegisterCarriesTheAuthorizationValue() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.bytes("05-dev-register-auth"));
        String auth = r.first("authorization").orElseThrow();
        assertTrue(auth.startsWith("Digest username=\"34020000001320000088\""));
        assertTrue(auth.contains("response=\"b1cfb3f036fbcf7d13b8ee3bbff89906\""));
        assertEquals(2, r.cseq().sequence());
    }

    @Test
    void unregisterHasExpiresZero() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.bytes("11-dev-unregister-auth"));
        assertEquals(0, r.expires().orElseThrow());
    }

    @Test
    void keepaliveCarriesItsMansCdpBody() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.bytes("13-dev-keepalive"));
        assertEquals("MESSAGE", r.method());
        assertEquals("application/manscdp+xml", r.contentType().orElseThrow());
        String body = new String(r.body(), Charset.forName("GB18030"));
        assertTrue(body.contains("<CmdType>Keepalive</CmdType>"));
        assertTrue(body.endsWith("</Notify>\r\n"));
    }

    @Test
    void deviceAnswerToInviteIsAResponseWithSdp() throws Exception {
        SipResponse r = assertInstanceOf(SipResponse.class, parser.parse(SipVectors.bytes("36-dev-invite-play-200")));
        assertEquals(200, r.statusCode());
        assertEquals("OK", r.reasonPhrase());
        assertEquals("1561889054", r.to().tag().orElseThrow());
        assertEquals(new CSeq(35, "INVITE"), r.cseq());
        assertEquals("application/sdp", r.contentType().orElseThrow());
        assertTrue(new String(r.body()).startsWith("v=0\r\n"));
    }

    @Test
    void redirectCarriesTheContactOfTheOtherGateway() throws Exception {
        SipResponse r = (SipResponse) parser.parse(SipVectors.bytes("07-srv-register-302"));
        assertEquals(302, r.statusCode());
        assertEquals("Moved Temporarily", r.reasonPhrase());
        NameAddress contact = r.contact().orElseThrow();
        assertEquals("192.168.0.110", contact.uri().host());
        assertEquals(15066, contact.uri().port());
    }

    @Test
    void talkInviteFromTheDeviceIsARequest() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.bytes("53-dev-invite-talk"));
        assertEquals("INVITE", r.method());
        assertEquals("application/sdp", r.contentType().orElseThrow());
    }
}
