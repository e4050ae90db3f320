package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator's answer mirrors the offer the way the reference devices do. */
class GbAnswerSdpTest {

    @Test
    void answersTheSection68OfferLikeTheReferenceDevice() {
        SessionDescription offer = SessionDescription.parse(ReferenceSdp.PLAY_INVITE);

        SessionDescription answer = GbAnswerSdp.answering(offer)
                .deviceId("34020000001320000002")
                .sessionId(2851)
                .address("192.168.0.64")
                .port(15060)
                .build();

        assertEquals(ReferenceSdp.PLAY_ANSWER, answer.encode());
    }

    @Test
    void answersTheSection611DownloadWithTheFileSize() {
        SessionDescription offer = SessionDescription.parse(ReferenceSdp.DOWNLOAD_INVITE);

        SessionDescription answer = GbAnswerSdp.answering(offer)
                .deviceId("34020000001320000002")
                .sessionId(2589)
                .address("192.168.0.64")
                .port(15060)
                .fileSize(1367160)
                .build();

        assertEquals(ReferenceSdp.DOWNLOAD_ANSWER, answer.encode());
    }

    @Test
    void udpOfferWithoutSetupGetsNoSetup() {
        SessionDescription offer = GbInviteSdp.builder().channelId("34020000001310000001").mediaAddress("10.0.0.1")
                .mediaPort(30000).transport(MediaTransport.UDP).ssrc("0000000007").build();

        SessionDescription answer = GbAnswerSdp.answering(offer).deviceId("34020000001320000002").sessionId(1)
                .address("10.0.0.2").port(15060).build();

        assertEquals(ReferenceSdp.crlf(
                "v=0",
                "o=34020000001320000002 1 1 IN IP4 10.0.0.2",
                "s=Play",
                "c=IN IP4 10.0.0.2",
                "t=0 0",
                "m=video 15060 RTP/AVP 96",
                "a=sendonly",
                "a=rtpmap:96 PS/90000",
                "a=filesize:0",
                "y=0000000007"), answer.encode());
    }
}
