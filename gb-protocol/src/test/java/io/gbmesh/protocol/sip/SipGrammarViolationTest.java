package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per RFC 3261 grammar violation: each request is a typed failure, and the answerable ones keep
 * the request so that the transport can send {@code 400} with the reason. {@link #wire} builds a good
 * REGISTER and the row replaces one line of it.
 */
class SipGrammarViolationTest {
    private static final String LINE = "REGISTER sip:34020000002000000001@3402000000 SIP/2.0";
    private static final String VIA = "Via: SIP/2.0/UDP 10.0.0.2:5060;rport;branch=z9hG4bKg";
    private static final String FROM = "From: <sip:34020000001320000002@3402000000>;tag=1";
    private static final String TO = "To: <sip:34020000001320000002@3402000000>";
    private static final String CALL_ID = "Call-ID: g1@10.0.0.2";
    private static final String CSEQ = "CSeq: 1 REGISTER";
    private static final String LENGTH = "Content-Length: 0";

    /** The good REGISTER with {@code original} replaced by {@code replacement} (or extra lines added). */
    static String wire(String original, String replacement) {
        String text = String.join("\r\n", LINE, VIA, FROM, TO, CALL_ID, CSEQ, "Max-Forwards: 70", "Expires: 3600", LENGTH) + "\r\n\r\n";
        if (original == null) {
            return text;
        }
        assertTrue(text.contains(original), original);
        return text.replace(original, replacement);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                // name, wire, answerable (keeps the request for a 400)
                row("display name with unquoted '<' '>'", wire(FROM, "From: a<b>c <sip:34020000001320000002@3402000000>;tag=1"), false),
                row("display name with unquoted ';' '='", wire(FROM, "From: evil;tag=1 <sip:34020000001320000002@3402000000>"), false),
                row("display name with unquoted '@'", wire(FROM, "From: a@b <sip:34020000001320000002@3402000000>;tag=1"), false),
                row("text after a quoted display name", wire(FROM, "From: \"a\" x <sip:34020000001320000002@3402000000>;tag=1"), false),
                row("unterminated display name", wire(FROM, "From: \"a <sip:34020000001320000002@3402000000>;tag=1"), false),
                row("trailing ';' after To", wire(TO, TO + ";tag=1;"), false),
                row("doubled ';' in parameters", wire(FROM, "From: <sip:34020000001320000002@3402000000>;;tag=1"), false),
                row("second '>' after the URI", wire(TO, "To: <sip:34020000001320000002@3402000000>>"), false),
                row("text glued to '>'", wire(TO, "To: <sip:34020000001320000002@3402000000>tag=1"), false),
                row("second address in To", wire(TO, TO + " <sip:x@y>"), false),
                row("parameter without value", wire(FROM, "From: <sip:34020000001320000002@3402000000>;tag="), false),
                row("blank inside the URI", wire(TO, "To: <sip:3402000000 1320000002@3402000000>"), false),
                row("addr-spec followed by garbage", wire(TO, "To: sip:34020000001320000002@3402000000 junk"), false),
                row("leading space in the request line", wire(LINE, " " + LINE), true),
                row("two spaces in the request line", wire(LINE, LINE.replace(" sip:", "  sip:")), true),
                row("tab in the request line", wire(LINE, LINE.replace(" sip:", "\tsip:")), true),
                row("trailing space in the request line", wire(LINE, LINE + " "), true),
                row("bad SIP version", wire(LINE, LINE.replace("SIP/2.0", "SIP/2.1")), true),
                row("HTTP version", wire(LINE, LINE.replace("SIP/2.0", "HTTP/1.1")), true),
                row("method with illegal characters", wire(LINE, LINE.replace("REGISTER", "REG(ISTER")), true),
                row("Request-URI that is not a URI", wire(LINE, LINE.replace("sip:34020000002000000001@3402000000", "34020000002000000001")), false),
                row("Request-URI with a bad host", wire(LINE, LINE.replace("@3402000000", "@34020<0000")), false),
                row("Request-URI of another scheme", wire(LINE, LINE.replace("sip:", "http:")), false),
                row("CSeq method not the request method", wire(CSEQ, "CSeq: 1 MESSAGE"), true),
                row("CSeq method not a token", wire(CSEQ, "CSeq: 1 REG ISTER"), false),
                row("CSeq number with a sign", wire(CSEQ, "CSeq: +1 REGISTER"), false),
                row("missing Via", wire(VIA + "\r\n", ""), false),
                row("missing From", wire(FROM + "\r\n", ""), false),
                row("missing To", wire(TO + "\r\n", ""), false),
                row("missing Call-ID", wire(CALL_ID + "\r\n", ""), false),
                row("missing CSeq", wire(CSEQ + "\r\n", ""), false),
                row("non-numeric Max-Forwards", wire("Max-Forwards: 70", "Max-Forwards: seventy"), true),
                row("negative Max-Forwards", wire("Max-Forwards: 70", "Max-Forwards: -1"), true),
                row("negative Content-Length", wire(LENGTH, "Content-Length: -1"), true),
                row("non-numeric Content-Length", wire(LENGTH, "Content-Length: 0x10"), true),
                row("signed Content-Length", wire(LENGTH, "Content-Length: +0"), true),
                row("Content-Length larger than the datagram", wire(LENGTH, "Content-Length: 10"), true),
                row("two different Call-IDs", wire(CALL_ID, CALL_ID + "\r\nCall-ID: other"), true),
                row("two different CSeqs", wire(CSEQ, CSEQ + "\r\nCSeq: 2 REGISTER"), true),
                row("two different Froms", wire(FROM, FROM + "\r\nFrom: <sip:34020000001320000009@3402000000>;tag=2"), true),
                row("two different Tos", wire(TO, TO + "\r\nTo: <sip:34020000001320000009@3402000000>"), true),
                row("two different Content-Lengths", wire(LENGTH, LENGTH + "\r\nl: 5"), true),
                row("Call-ID with a blank", wire(CALL_ID, "Call-ID: g1 g2"), true),
                row("NUL in the Call-ID", wire(CALL_ID, "Call-ID: g1\0@10.0.0.2"), false),
                row("NUL in another header", wire("Expires: 3600", "Expires: 36\0"), true),
                row("escape character in a header", wire("Expires: 3600", "Expires: 36\u001b[2J00"), true),
                row("bare CR inside a header", wire("Expires: 3600", "Expires: 3600\rX-Injected: 1"), true),
                row("NUL in the request line", wire(LINE, LINE.replace("REGISTER ", "REGISTER\0 ")), false),
                row("space inside a header name", wire("Expires: 3600", "Ex pires: 3600"), true),
                row("header name with a separator", wire("Expires: 3600", "Expires(x): 3600"), true),
                row("header line without a colon", wire("Expires: 3600", "Expires 3600"), true),
                row("bad Via protocol", wire(VIA, "Via: SIP/2.0 10.0.0.2:5060;branch=z9hG4bKg"), false));
    }

    private static Arguments row(String name, String wire, boolean answerable) {
        return Arguments.of(name, wire, answerable);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void aGrammarViolationIsATypedFailure(String name, String wire, boolean answerable) {
        SipParseException e = assertThrows(SipParseException.class,
                () -> new SipParser().parse(wire.getBytes(StandardCharsets.UTF_8)), name);
        assertFalse(e.reason().isBlank(), "a reason for the 400");
        assertEquals(answerable, e.partialRequest().isPresent(), name + ": " + e.kind() + " " + e.reason());
        e.partialRequest().ifPresent(request -> assertTrue(request.callId().startsWith("g1"), "the request's own Call-ID"));
    }

    static Stream<Arguments> pathological() {
        return Stream.of(
                Arguments.of("semicolons in From", wire(FROM, FROM + ";".repeat(15_000))),
                Arguments.of("commas in Via", wire(VIA, VIA + ",".repeat(15_000))),
                Arguments.of("quotes in a display name", wire(FROM, "From: " + "\\\"".repeat(7_000) + " <sip:a@b>")),
                Arguments.of("angle brackets in To", wire(TO, "To: " + "<".repeat(15_000))),
                Arguments.of("blanks in the request line", wire(LINE, LINE.replace(" sip:", " ".repeat(15_000) + "sip:"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathological")
    void aPathologicalHeaderIsReadInBoundedTime(String name, String wire) {
        // empty list elements (the commas) are skipped, the rest refused: either way a result, not a stall
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> {
            try {
                assertEquals("REGISTER", ((SipRequest) new SipParser().parse(wire.getBytes(StandardCharsets.UTF_8))).method());
            } catch (SipParseException refused) {
                assertFalse(refused.reason().isBlank());
            }
        });
    }

    @Test
    void theGoodRequestOfTheTableParses() throws Exception {
        SipRequest r = (SipRequest) new SipParser().parse(wire(null, null).getBytes(StandardCharsets.UTF_8));
        assertEquals("REGISTER", r.method());
    }

    @Test
    void whitespaceBeforeTheHeaderColonIsAllowed() throws Exception {
        // HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §25.1)
        SipRequest r = (SipRequest) new SipParser().parse(wire(CALL_ID, "Call-ID \t: g1@10.0.0.2").getBytes(StandardCharsets.UTF_8));
        assertEquals("g1@10.0.0.2", r.callId());
    }

    @Test
    void anIdenticalRepeatOfASingleValuedHeaderIsTolerated() throws Exception {
        SipRequest r = (SipRequest) new SipParser().parse(wire(CALL_ID, CALL_ID + "\r\n" + CALL_ID).getBytes(StandardCharsets.UTF_8));
        assertEquals("g1@10.0.0.2", r.callId());
    }

    @Test
    void tokenDisplayNamesAndUtf8NamesStayAccepted() throws Exception {
        SipRequest r = (SipRequest) new SipParser().parse(
                wire(FROM, "From: Gate 1 <sip:34020000001320000002@3402000000>;tag=1").replace(TO, "To: 前门 <sip:34020000001320000002@3402000000>")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals("Gate 1", r.from().displayName());
        assertEquals("前门", r.to().displayName());
    }

    @Test
    void aMissingMaxForwardsIsTolerated() throws Exception {
        SipRequest r = (SipRequest) new SipParser().parse(wire("Max-Forwards: 70\r\n", "").getBytes(StandardCharsets.UTF_8));
        assertFalse(r.has("Max-Forwards"));
    }
}
