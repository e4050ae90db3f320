package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named malformed vectors: each one is an {@link SdpParseException} naming what is wrong. */
class SdpMalformedTest {

    private static SdpParseException rejected(String... lines) {
        return assertThrows(SdpParseException.class, () -> SessionDescription.parse(ReferenceSdp.crlf(lines)));
    }

    @Test
    void noVersionLine() {
        SdpParseException e = rejected("o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0");

        assertTrue(e.getMessage().contains("v="), e.getMessage());
    }

    @Test
    void versionNotFirst() {
        rejected("s=Play", "v=0", "o=dev 1 1 IN IP4 10.0.0.2");
    }

    @Test
    void mediaPortNotANumber() {
        SdpParseException e = rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0", "m=video port RTP/AVP 96");

        assertTrue(e.getMessage().contains("m= port"), e.getMessage());
    }

    @Test
    void mediaPortOutOfRange() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0", "m=video 70000 RTP/AVP 96");
    }

    @Test
    void mediaLineTooShort() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0", "m=video 5000");
    }

    @Test
    void payloadTypeNotANumber() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0", "m=video 5000 RTP/AVP PS");
    }

    @Test
    void originWithMissingFields() {
        rejected("v=0", "o=dev 1 1 IN IP4", "s=Play", "t=0 0");
    }

    @Test
    void missingOrigin() {
        rejected("v=0", "s=Play", "t=0 0");
    }

    @Test
    void missingSessionName() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "t=0 0");
    }

    @Test
    void connectionWithoutAddress() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "c=IN IP4", "t=0 0");
    }

    @Test
    void timingNotNumbers() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=now later");
    }

    @Test
    void unsupportedVersion() {
        rejected("v=1", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play");
    }

    @Test
    void lineWithoutTypeAndEquals() {
        rejected("v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "this is not sdp");
    }

    @Test
    void emptyBody() {
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(""));
        assertThrows(SdpParseException.class, () -> SessionDescription.parse(null));
    }

    @Test
    void oversizeBody() {
        assertThrows(SdpParseException.class, () -> SessionDescription.parse("v=0\r\n" + "a=x\r\n".repeat(20_000)));
    }

    private static final String HEAD = "v=0\r\no=dev 1 1 IN IP4 10.0.0.2\r\ns=Play\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n";

    @Test
    void paddedOffersAreRefusedAtTheFirstLineTooMany() {
        String media = "m=video 6000 RTP/AVP 96\r\na=recvonly\r\n";
        SessionDescription.parse(HEAD + media.repeat(SdpParser.MAX_MEDIA));
        assertRefused("m= sections", HEAD + media.repeat(SdpParser.MAX_MEDIA + 1));
        SessionDescription.parse(HEAD + "a=x\r\n".repeat(SdpParser.MAX_ATTRIBUTES));
        assertRefused("a= lines", HEAD + "a=x\r\n".repeat(SdpParser.MAX_ATTRIBUTES + 1));
        assertRefused("lines", HEAD + "b=AS:1\r\n".repeat(SdpParser.MAX_LINES));
        SessionDescription.parse(HEAD + "m=video 6000 RTP/AVP" + " 96".repeat(SdpParser.MAX_FORMATS) + "\r\n");
        assertRefused("formats", HEAD + "m=video 6000 RTP/AVP" + " 96".repeat(20_000) + "\r\n");
    }

    @Test
    void blankLinesAndNulPaddingCostNoLines() {
        SessionDescription sdp = SessionDescription.parse(HEAD + "\r\n".repeat(20_000) + "a=x:\0\0y\0\r\n" + "\0".repeat(10_000));
        assertTrue(sdp.attribute("x").orElseThrow().equals("y"));
    }

    private static void assertRefused(String what, String sdp) {
        SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(sdp));
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
