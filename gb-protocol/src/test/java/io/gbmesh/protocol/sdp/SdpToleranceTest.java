package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What peers send that RFC 4566 frowns on but a GB28181 platform must accept. */
class SdpToleranceTest {

    @Test
    void trailingSpacesBlankLinesAndNulPaddingAreIgnored() {
        String text = "v=0  \r\no=dev 1 1 IN IP4 10.0.0.2 \r\n\r\ns=Play\r\n\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n"
                + "m=video 5000 RTP/AVP 96  \r\na=rtpmap:96 PS/90000\r\ny=0000000001   \r\n\0\0";

        SessionDescription sdp = SessionDescription.parse(text);

        assertEquals("10.0.0.2", sdp.origin().address());
        assertEquals(5000, sdp.firstMedia().orElseThrow().port());
        assertEquals(Optional.of("0000000001"), sdp.ssrc());
    }

    @Test
    void missingSessionConnectionTakesTheMediaOne() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.crlf(
                "v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "t=0 0",
                "m=video 5000 RTP/AVP 96", "c=IN IP4 10.0.0.9", "a=sendonly"));

        assertEquals(Optional.empty(), sdp.connection());
        assertEquals(Optional.of("10.0.0.9"), sdp.connectionAddress());
    }

    @Test
    void unknownLinesAreKeptAndSentOn() {
        String text = ReferenceSdp.crlf(
                "v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Playback", "u=34020000001310000001:0", "c=IN IP4 10.0.0.2",
                "b=AS:4096", "t=100 200", "x=vendor-extension", "a=tool:cam",
                "m=video 5000 RTP/AVP 96", "b=AS:2048", "a=sendonly", "y=1000000001");

        SessionDescription sdp = SessionDescription.parse(text);

        assertEquals(List.of(new SdpLine('b', "AS:4096"), new SdpLine('x', "vendor-extension")), sdp.otherLines());
        assertEquals(List.of(new SdpLine('b', "AS:2048")), sdp.firstMedia().orElseThrow().otherLines());
        assertEquals(List.of(SdpAttribute.of("tool", "cam")), sdp.attributes());
        assertEquals(text, sdp.encode());
    }

    @Test
    void playbackTimingIsTheRecordedRange() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.crlf(
                "v=0", "o=34020000001310000001 0 0 IN IP4 192.168.0.110", "s=Playback", "u=34020000001310000001:0",
                "c=IN IP4 192.168.0.110", "t=1744946094 1744947129", "m=video 6902 RTP/AVP 96", "a=recvonly"));

        assertEquals(1744946094L, sdp.timing().start());
        assertEquals(1744947129L, sdp.timing().stop());
    }

    @Test
    void attributesAtSessionLevelAreFoundWhenTheMediaHasNone() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.crlf(
                "v=0", "o=dev 1 1 IN IP4 10.0.0.2", "s=Play", "c=IN IP4 10.0.0.2", "t=0 0",
                "a=setup:passive", "a=sendonly", "m=video 5000 TCP/RTP/AVP 96"));

        assertEquals(Optional.of(Setup.PASSIVE), sdp.setup());
        assertEquals(Optional.of(Direction.SENDONLY), sdp.direction());
    }
}
