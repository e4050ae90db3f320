package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SDP bodies of reference §6.8, §6.11 and §6.12 parse to the right fields and encode back unchanged. */
class ReferenceSdpTest {

    @Test
    void referenceBodiesHaveTheirContentLength() {
        assertEquals(323, ReferenceSdp.PLAY_INVITE.getBytes(StandardCharsets.US_ASCII).length);
        assertEquals(206, ReferenceSdp.PLAY_ANSWER.getBytes(StandardCharsets.US_ASCII).length);
        assertEquals(342, ReferenceSdp.DOWNLOAD_INVITE.getBytes(StandardCharsets.US_ASCII).length);
        assertEquals(211, ReferenceSdp.DOWNLOAD_ANSWER.getBytes(StandardCharsets.US_ASCII).length);
    }

    @Test
    void playInviteOfSection68() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.PLAY_INVITE);

        assertEquals(0, sdp.version());
        assertEquals(new Origin("34020000001310000001", "0", "0", "IN", "IP4", "192.168.0.110"), sdp.origin());
        assertEquals("Play", sdp.sessionName());
        assertEquals(Optional.of("34020000001310000001:0"), sdp.uri());
        assertEquals(Optional.of("192.168.0.110"), sdp.connectionAddress());
        assertEquals(new Timing(0, 0), sdp.timing());
        MediaDescription video = sdp.firstMedia().orElseThrow();
        assertEquals("video", video.type());
        assertEquals(8888, video.port());
        assertEquals("TCP/RTP/AVP", video.protocol());
        assertTrue(video.isTcp());
        assertEquals(List.of(96, 97, 98), video.payloadTypes());
        assertEquals(List.of(new RtpMap(96, "PS", 90000, ""), new RtpMap(97, "MPEG4", 90000, ""), new RtpMap(98, "H264", 90000, "")),
                video.rtpMaps());
        assertEquals(Optional.of(Setup.ACTIVE), sdp.setup());
        assertEquals(Optional.of("new"), sdp.connectionMode());
        assertEquals(Optional.of(Direction.RECVONLY), sdp.direction());
        assertEquals(OptionalInt.of(0), sdp.downloadSpeed());
        assertEquals(OptionalInt.of(0), sdp.streamProfile());
        assertEquals(Optional.of("0000010000"), sdp.ssrc());
        assertEquals(Optional.empty(), sdp.mediaFormat());
    }

    @Test
    void deviceAnswerOfSection68() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.PLAY_ANSWER);

        assertEquals("34020000001320000002", sdp.origin().username());
        assertEquals("2851", sdp.origin().sessId());
        assertEquals(Optional.of("192.168.0.64"), sdp.connectionAddress());
        assertEquals(15060, sdp.firstMedia().orElseThrow().port());
        assertEquals(List.of(96), sdp.firstMedia().orElseThrow().payloadTypes());
        assertEquals(Optional.of(Setup.PASSIVE), sdp.setup());
        assertEquals(Optional.of(Direction.SENDONLY), sdp.direction());
        assertEquals(OptionalLong.of(0), sdp.fileSize());
        assertEquals(Optional.of("0000010000"), sdp.ssrc());
        assertEquals(Optional.empty(), sdp.uri());
    }

    @Test
    void downloadInviteOfSection611CarriesTheRecordedRange() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.DOWNLOAD_INVITE);

        assertEquals("Download", sdp.sessionName());
        assertEquals(new Timing(1744856617L, 1744856620L), sdp.timing());
        assertEquals("RTP/AVP", sdp.firstMedia().orElseThrow().protocol());
        assertFalse(sdp.firstMedia().orElseThrow().isTcp());
        assertEquals(OptionalInt.of(8), sdp.downloadSpeed());
        assertEquals(OptionalInt.of(1), sdp.streamProfile());
        assertEquals(Optional.of("1000010004"), sdp.ssrc());
    }

    @Test
    void downloadAnswerOfSection611CarriesTheFileSize() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.DOWNLOAD_ANSWER);

        assertEquals(OptionalLong.of(1367160), sdp.fileSize());
        assertEquals(Optional.of(Setup.ACTIVE), sdp.setup());
    }

    @Test
    void talkInviteOfSection612KeepsInformationAndMediaFormat() {
        SessionDescription sdp = SessionDescription.parse(ReferenceSdp.TALK_INVITE);

        assertEquals(Optional.of("VCam BroadCast Session"), sdp.information());
        MediaDescription audio = sdp.firstMedia().orElseThrow();
        assertEquals("audio", audio.type());
        assertEquals(List.of(8, 96), audio.payloadTypes());
        assertEquals(new RtpMap(8, "PCMA", 8000, "1"), audio.rtpMaps().get(0));
        assertEquals(Optional.of("0022440333"), sdp.ssrc());
        assertEquals(Optional.of("v/0/0/0/0/0a/1/8/1"), sdp.mediaFormat());
        assertEquals(Optional.empty(), sdp.setup());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLAY_INVITE", "PLAY_ANSWER", "DOWNLOAD_INVITE", "DOWNLOAD_ANSWER", "TALK_INVITE", "TALK_TCP_ANSWER"})
    void referenceBodyEncodesBackByteForByte(String name) throws ReflectiveOperationException {
        String text = (String) ReferenceSdp.class.getDeclaredField(name).get(null);

        assertEquals(text, SessionDescription.parse(text).encode());
    }

    @Test
    void lfOnlyLineEndsParseTheSame() {
        String lf = ReferenceSdp.PLAY_INVITE.replace("\r\n", "\n");

        assertEquals(SessionDescription.parse(ReferenceSdp.PLAY_INVITE), SessionDescription.parse(lf));
        assertEquals(ReferenceSdp.PLAY_INVITE, SessionDescription.parse(lf).encode());
    }
}
