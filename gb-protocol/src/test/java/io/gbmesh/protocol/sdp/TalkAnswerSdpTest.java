package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our answer to a device's talk INVITE is byte-identical to the reference §6.12 answers, over UDP and TCP. */
class TalkAnswerSdpTest {
    private static final String SERVER = "34020000002000000001";

    /** §6.12: the device's TCP talk INVITE (the one answered by {@link ReferenceSdp#TALK_TCP_ANSWER}). */
    static final String TALK_TCP_INVITE = ReferenceSdp.crlf(
            "v=0",
            "o=34020000001320000099 601 601 IN IP4 192.168.0.65",
            "s=Play",
            "c=IN IP4 192.168.0.65",
            "t=0 0",
            "m=audio 15066 TCP/RTP/AVP 8 96",
            "a=setup:active",
            "a=connection:new",
            "a=recvonly",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:96 PS/90000",
            "y=0200000017",
            "f=v/////a/1/8/1");

    /** §6.12: the platform's UDP answer. Content-Length 166. */
    static final String TALK_UDP_ANSWER = ReferenceSdp.crlf(
            "v=0",
            "o=34020000002000000001 0 0 IN IP4 192.168.0.110",
            "s=Play",
            "c=IN IP4 192.168.0.110",
            "t=0 0",
            "m=audio 15060 RTP/AVP 8",
            "a=sendonly",
            "a=rtpmap:8 PCMA/8000",
            "y=0022440333");

    @Test
    void udpAnswerMatchesReference() {
        TalkAnswerSdp talk = TalkAnswerSdp.answering(SessionDescription.parse(ReferenceSdp.TALK_INVITE));

        String answer = talk.build(SERVER, "192.168.0.110", 15060, false).encode();

        assertEquals(TALK_UDP_ANSWER, answer);
        assertEquals(166, answer.getBytes(StandardCharsets.US_ASCII).length);
        assertEquals("192.168.0.100", talk.deviceAddress());
        assertEquals(9776, talk.devicePort());
        assertEquals(8, talk.payloadType());
        assertFalse(talk.tcp());
        assertEquals(Optional.empty(), talk.ourSetup());
        assertEquals(Optional.of("0022440333"), talk.ssrc());
    }

    @Test
    void tcpAnswerMatchesReference() {
        TalkAnswerSdp talk = TalkAnswerSdp.answering(SessionDescription.parse(TALK_TCP_INVITE));

        String answer = talk.build(SERVER, "192.168.0.110", 30004, true).encode();

        assertEquals(ReferenceSdp.TALK_TCP_ANSWER, answer);
        assertEquals(226, answer.getBytes(StandardCharsets.US_ASCII).length);
        assertTrue(talk.tcp());
        assertEquals(Optional.of(Setup.PASSIVE), talk.ourSetup(), "the device connects: we listen");
    }

    @Test
    void devicePassiveSetupMakesUsConnect() {
        SessionDescription offer = SessionDescription.parse(TALK_TCP_INVITE.replace("a=setup:active", "a=setup:passive"));

        TalkAnswerSdp talk = TalkAnswerSdp.answering(offer);

        assertEquals(Optional.of(Setup.ACTIVE), talk.ourSetup());
        assertTrue(talk.build(SERVER, "10.0.0.1", 30006, true).encode().contains("a=setup:active\r\n"));
    }

    @Test
    void pcmuIsAnsweredWhenOnlyPcmuIsOffered() {
        SessionDescription offer = SessionDescription.parse(ReferenceSdp.TALK_INVITE
                .replace("RTP/AVP 8 96", "RTP/AVP 0 96").replace("a=rtpmap:8 PCMA/8000/1", "a=rtpmap:0 PCMU/8000"));

        TalkAnswerSdp talk = TalkAnswerSdp.answering(offer);
        String answer = talk.build(SERVER, "192.168.0.110", 15060, false).encode();

        assertEquals(0, talk.payloadType());
        assertFalse(talk.alaw());
        assertTrue(answer.contains("m=audio 15060 RTP/AVP 0\r\n"));
        assertTrue(answer.contains("a=rtpmap:0 PCMU/8000\r\n"));
    }

    @Test
    void offerWithoutG711IsRefused() {
        SessionDescription offer = SessionDescription.parse(ReferenceSdp.TALK_INVITE
                .replace("RTP/AVP 8 96", "RTP/AVP 96").replace("a=rtpmap:8 PCMA/8000/1\r\n", ""));

        assertThrows(IllegalArgumentException.class, () -> TalkAnswerSdp.answering(offer));
    }

    @Test
    void offerWithoutAudioIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TalkAnswerSdp.answering(SessionDescription.parse(ReferenceSdp.PLAY_ANSWER)));
    }
}
