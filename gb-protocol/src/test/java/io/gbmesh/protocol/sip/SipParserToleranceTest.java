package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What real devices send that is legal but unusual, or sloppy but understandable. */
class SipParserToleranceTest {
    private final SipParser parser = new SipParser();

    @Test
    void compactHeaderNamesAreUnderstood() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.crlf("""
                MESSAGE sip:34020000002000000001@3402000000 SIP/2.0
                v: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKa
                f: <sip:34020000001320000002@3402000000>;tag=1
                t: <sip:34020000002000000001@3402000000>
                i: abc
                CSeq: 5 MESSAGE
                m: <sip:34020000001320000002@10.0.0.2:5060>
                c: Application/MANSCDP+xml
                s: 34020000001310000001:0000010000,34020000002000000001:0
                k: timer
                l: 2

                ok"""));
        assertEquals("10.0.0.2", r.topVia().host());
        assertEquals("abc", r.callId());
        assertEquals("application/manscdp+xml", r.contentType().orElseThrow());
        assertEquals("10.0.0.2", r.contact().orElseThrow().uri().host());
        assertTrue(r.first("Subject").orElseThrow().startsWith("34020000001310000001"));
        assertEquals("timer", r.first("Supported").orElseThrow());
        assertEquals("ok", new String(r.body()));
    }

    @Test
    void headerNamesAreCaseInsensitive() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.crlf("""
                REGISTER sip:34020000002000000001@3402000000 SIP/2.0
                VIA: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKa
                from: <sip:34020000001320000002@3402000000>;TAG=1
                TO: <sip:34020000001320000002@3402000000>
                call-id: abc
                cseq: 5 register
                EXPIRES: 60
                content-length: 0

                """));
        assertEquals(60, r.expires().orElseThrow());
        assertEquals("1", r.from().tag().orElseThrow());
        assertEquals(new CSeq(5, "REGISTER"), r.cseq());
    }

    @Test
    void severalViaFromRepeatedAndCommaJoinedLines() throws Exception {
        SipResponse r = (SipResponse) parser.parse(SipVectors.crlf("""
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1, SIP/2.0/TCP 10.0.0.2:5070;branch=z9hG4bK2;received=1.2.3.4
                Via: SIP/2.0/UDP [2001:db8::1]:5080;branch=z9hG4bK3
                From: <sip:a@b>;tag=1
                To: <sip:c@d>;tag=2
                Call-ID: x
                CSeq: 1 MESSAGE
                Content-Length: 0

                """));
        List<Via> vias = r.vias();
        assertEquals(3, vias.size());
        assertEquals("TCP", vias.get(1).transport());
        assertEquals(5070, vias.get(1).port());
        assertEquals("1.2.3.4", vias.get(1).parameters().get("received").orElseThrow());
        assertEquals("[2001:db8::1]", vias.get(2).host());
        assertEquals(5080, vias.get(2).port());
    }

    @Test
    void foldedHeaderLinesAreJoined() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.crlf("""
                MESSAGE sip:34020000002000000001@3402000000 SIP/2.0
                Via: SIP/2.0/UDP 10.0.0.2:5060;
                  branch=z9hG4bKfold
                From: <sip:34020000001320000002@3402000000>
                \ttag=unused;tag=9
                To: <sip:34020000002000000001@3402000000>
                Call-ID: abc
                CSeq: 5 MESSAGE
                Subject: first,
                 second
                Content-Length: 0

                """));
        assertEquals("z9hG4bKfold", r.topVia().branch().orElseThrow());
        assertEquals("first, second", r.first("Subject").orElseThrow());
    }

    @Test
    void quotedDisplayNamesWithCommasAndEscapes() throws Exception {
        SipRequest r = (SipRequest) parser.parse(SipVectors.crlf("""
                MESSAGE sip:34020000002000000001@3402000000 SIP/2.0
                Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKq
                From: "Gate, \\"North\\" 前门" <sip:34020000001320000002@3402000000;transport=udp>;tag=7
                To: sip:34020000002000000001@3402000000;tag=8
                Contact: "A, B" <sip:x@10.0.0.2:5060>, <sip:y@10.0.0.3>
                Call-ID: abc
                CSeq: 5 MESSAGE
                Content-Length: 0

                """));
        assertEquals("Gate, \"North\" 前门", r.from().displayName());
        assertEquals("udp", r.from().uri().transport().orElseThrow());
        assertEquals("7", r.from().tag().orElseThrow());
        // addr-spec without <>: the ;tag belongs to the header, not the URI (RFC 3261 §20.10)
        assertEquals("8", r.to().tag().orElseThrow());
        assertTrue(r.to().uri().parameters().isEmpty());
        assertEquals(2, r.values("Contact").size());
        assertEquals("x", r.contact().orElseThrow().user());
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        String lf = "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKlf\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=1\n"
                + "To: <sip:34020000002000000001@3402000000>\n"
                + "Call-ID: lf\nCSeq: 1 MESSAGE\nContent-Length: 3\n\nabc";
        SipRequest r = (SipRequest) parser.parse(lf.getBytes());
        assertEquals("abc", new String(r.body()));
    }

    @Test
    void missingContentLengthOnADatagramTakesTheRest() throws Exception {
        String text = "MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKnl\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: nl\r\nCSeq: 1 MESSAGE\r\n\r\n<xml/>";
        assertEquals("<xml/>", new String(((SipRequest) parser.parse(text.getBytes())).body()));
    }

    @Test
    void leadingKeepaliveLineBreaksAreSkipped() throws Exception {
        byte[] wire = SipVectors.bytes("03-dev-register-request");
        byte[] padded = new byte[wire.length + 4];
        padded[0] = '\r';
        padded[1] = '\n';
        padded[2] = '\r';
        padded[3] = '\n';
        System.arraycopy(wire, 0, padded, 4, wire.length);
        assertEquals("REGISTER", ((SipRequest) parser.parse(padded)).method());
    }

    @Test
    void viaStampsReceivedAndRportForNat() throws Exception {
        Via via = Via.parse("SIP/2.0/UDP 192.168.0.64:5060;rport;branch=z9hG4bK1");
        Via stamped = via.stampSource("203.0.113.9", 40123);
        assertEquals("SIP/2.0/UDP 192.168.0.64:5060;rport=40123;branch=z9hG4bK1;received=203.0.113.9", stamped.toString());
        Via noRport = Via.parse("SIP/2.0/UDP 192.168.0.64:5060;branch=z9hG4bK1").stampSource("192.168.0.64", 5060);
        assertEquals("SIP/2.0/UDP 192.168.0.64:5060;branch=z9hG4bK1", noRport.toString());
    }
}
