package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Named malformed vectors: each is a typed failure, never a crash. */
class SipParserMalformedTest {
    private static final String GOOD_HEADERS = "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKm\r\n"
            + "From: <sip:34020000001320000002@3402000000>;tag=1\r\n"
            + "To: <sip:34020000002000000001@3402000000>\r\n"
            + "Call-ID: m\r\n";

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("empty", "", SipParseException.Kind.EMPTY),
                Arguments.of("only line breaks", "\r\n\r\n", SipParseException.Kind.EMPTY),
                Arguments.of("garbage start line", "HELLO\r\n\r\n", SipParseException.Kind.START_LINE),
                Arguments.of("wrong version", "REGISTER sip:a@b SIP/3.0\r\n" + GOOD_HEADERS + "CSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.START_LINE),
                Arguments.of("status out of range", "SIP/2.0 99 Odd\r\n" + GOOD_HEADERS + "CSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.START_LINE),
                Arguments.of("bad request uri", "REGISTER http://a SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.BAD_VALUE),
                Arguments.of("header without colon", "REGISTER sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP x\r\n\r\n", SipParseException.Kind.HEADER),
                Arguments.of("missing Call-ID", "REGISTER sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.MISSING_HEADER),
                Arguments.of("missing Via", "REGISTER sip:a@b SIP/2.0\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.MISSING_HEADER),
                Arguments.of("bad CSeq", "REGISTER sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: one REGISTER\r\n\r\n", SipParseException.Kind.BAD_VALUE),
                Arguments.of("bad Via port", "REGISTER sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2:99999;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.BAD_VALUE),
                Arguments.of("unclosed name-addr", "REGISTER sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKx\r\nFrom: <sip:a@b;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\n\r\n", SipParseException.Kind.BAD_VALUE),
                Arguments.of("negative Content-Length", "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\nContent-Length: -4\r\n\r\n", SipParseException.Kind.BAD_VALUE),
                Arguments.of("truncated body", "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\nContent-Length: 40\r\n\r\nshort", SipParseException.Kind.BODY_LENGTH),
                Arguments.of("CSeq method mismatch", "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", SipParseException.Kind.BAD_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void malformedInputIsATypedFailure(String name, String wire, SipParseException.Kind kind) {
        SipParseException e = assertThrows(SipParseException.class, () -> new SipParser().parse(wire.getBytes()));
        assertEquals(kind, e.kind(), e.reason());
        assertTrue(e.getStackTrace().length == 0, "no stack trace is captured for bad input");
    }

    @Test
    void theReferencesMistypedInviteIsRefusedButStillAnswerable() {
        // The reference's talk example reads "NVITE ... CSeq: 2 INVITE": a 400 can still be sent.
        SipParseException e = assertThrows(SipParseException.class,
                () -> new SipParser().parse(SipVectors.bytes("57-dev-malformed-nvite")));
        assertEquals(SipParseException.Kind.BAD_VALUE, e.kind());
        assertEquals("NVITE", e.partialRequest().orElseThrow().method());
    }

    @Test
    void truncatedBodyKeepsTheRequestForA400() {
        String wire = "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\nContent-Length: 40\r\n\r\nshort";
        SipParseException e = assertThrows(SipParseException.class, () -> new SipParser().parse(wire.getBytes()));
        assertEquals("m", e.partialRequest().orElseThrow().callId());
    }

    @Test
    void aBrokenHeaderLineKeepsTheRequestForA400() {
        // sipp with an unexpanded keyword sends such a line: the device deserves an answer
        String wire = "REGISTER sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 2 REGISTER\r\n"
                + "34020000001320000101[authentication username= password=x]\r\nContent-Length: 0\r\n\r\n";
        SipParseException e = assertThrows(SipParseException.class, () -> new SipParser().parse(wire.getBytes()));
        assertEquals(SipParseException.Kind.HEADER, e.kind());
        assertEquals(2, e.partialRequest().orElseThrow().cseq().sequence());
    }

    @Test
    void aNonNumericContentLengthKeepsTheRequestForA400() {
        String wire = "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\nContent-Length: abc\r\n\r\nx";
        SipParseException e = assertThrows(SipParseException.class, () -> new SipParser().parse(wire.getBytes()));
        assertEquals(SipParseException.Kind.BAD_VALUE, e.kind());
        assertEquals("m", e.partialRequest().orElseThrow().callId());
    }

    @Test
    void limitsAreEnforced() {
        SipParser tight = new SipParser(new SipLimits(1024, 512, 8, 100));
        StringBuilder many = new StringBuilder("MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\n");
        for (int i = 0; i < 10; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        many.append("\r\n");
        assertEquals(SipParseException.Kind.TOO_MANY_HEADERS,
                assertThrows(SipParseException.class, () -> tight.parse(many.toString().getBytes())).kind());
        assertEquals(SipParseException.Kind.TOO_LARGE,
                assertThrows(SipParseException.class, () -> tight.parse(new byte[2048])).kind());
        String bigBody = "MESSAGE sip:a@b SIP/2.0\r\n" + GOOD_HEADERS + "CSeq: 1 MESSAGE\r\nContent-Length: 200\r\n\r\n" + "x".repeat(200);
        SipParseException e = assertThrows(SipParseException.class, () -> tight.parse(bigBody.getBytes()));
        assertEquals(SipParseException.Kind.TOO_LARGE, e.kind());
        assertTrue(e.partialRequest().isPresent(), "413 can be answered");
    }

    @Test
    void anUnreadableStartLineIsRefusedForItBeforeTheHeaders() {
        for (String message : new String[] {">\r\n\r\n", "HELLO WORLD\r\nno colon here\r\n\r\n", "a b c d\r\nVia: x\r\n\r\n", " \t>"}) {
            SipParseException e = assertThrows(SipParseException.class, () -> new SipParser().parse(message.getBytes()));
            assertEquals(SipParseException.Kind.START_LINE, e.kind(), message);
            assertTrue(e.reason().startsWith("bad request line: "), e.reason());
            assertTrue(e.partialRequest().isEmpty());
        }
        // a folded start line and a control character are still read by the full parse
        SipParseException folded = assertThrows(SipParseException.class,
                () -> new SipParser().parse("MESSAGE\r\n sip:a@b SIP/2.0\r\n\r\n".getBytes()));
        assertEquals(SipParseException.Kind.MISSING_HEADER, folded.kind(), folded.reason());
        SipParseException control = assertThrows(SipParseException.class, () -> new SipParser().parse("A\u0001B\r\n\r\n".getBytes()));
        assertTrue(control.reason().startsWith("control character"), control.reason());
    }
}
