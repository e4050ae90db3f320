package io.gbmesh.protocol.sdp;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The platform's INVITE offer, byte-for-byte in the reference layout. */
class GbInviteSdpTest {

    private static GbInviteSdp play() {
        return GbInviteSdp.builder()
                .channelId("34020000001310000001")
                .kind(GbSessionKind.PLAY)
                .mediaAddress("192.168.0.110")
                .mediaPort(8888)
                .ssrc("0000010000");
    }

    @Test
    void reproducesTheSection68InviteByteForByte() {
        SessionDescription offer = play()
                .transport(MediaTransport.TCP_ACTIVE)
                .downloadSpeed(0)
                .streamProfile(0)
                .build();

        assertEquals(ReferenceSdp.PLAY_INVITE, offer.encode());
    }

    @Test
    void udpPlayHasNoSetupLines() {
        assertEquals(ReferenceSdp.crlf(
                "v=0",
                "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
                "s=Play",
                "u=34020000001310000001:0",
                "c=IN IP4 192.168.0.110",
                "t=0 0",
                "m=video 8888 RTP/AVP 96 97 98",
                "a=recvonly",
                "a=rtpmap:96 PS/90000",
                "a=rtpmap:97 MPEG4/90000",
                "a=rtpmap:98 H264/90000",
                "y=0000010000"), play().transport(MediaTransport.UDP).build().encode());
    }

    @Test
    void tcpPassiveOffersToListen() {
        SessionDescription offer = play().transport(MediaTransport.TCP_PASSIVE).build();

        assertEquals("TCP/RTP/AVP", offer.firstMedia().orElseThrow().protocol());
        assertEquals(Optional.of(Setup.PASSIVE), offer.setup());
        assertEquals(Optional.of("new"), offer.connectionMode());
    }

    @Test
    void playbackCarriesTheRangeAndTheChannelUri() {
        SessionDescription offer = GbInviteSdp.builder()
                .channelId("34020000001310000001")
                .kind(GbSessionKind.PLAYBACK)
                .timeRange(1744946094L, 1744947129L)
                .mediaAddress("192.168.0.110")
                .mediaPort(6902)
                .transport(MediaTransport.UDP)
                .streamProfile(1)
                .ssrc("1000010003")
                .build();

        assertEquals(ReferenceSdp.crlf(
                "v=0",
                "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
                "s=Playback",
                "u=34020000001310000001:0",
                "c=IN IP4 192.168.0.110",
                "t=1744946094 1744947129",
                "m=video 6902 RTP/AVP 96 97 98",
                "a=recvonly",
                "a=rtpmap:96 PS/90000",
                "a=rtpmap:97 MPEG4/90000",
                "a=rtpmap:98 H264/90000",
                "a=streamprofile:1",
                "y=1000010003"), offer.encode());
    }

    @Test
    void downloadCarriesTheSpeed() {
        SessionDescription offer = GbInviteSdp.builder()
                .channelId("34020000001310000001")
                .kind(GbSessionKind.DOWNLOAD)
                .timeRange(1744856617L, 1744856620L)
                .mediaAddress("192.168.0.110")
                .mediaPort(6902)
                .transport(MediaTransport.TCP_PASSIVE)
                .downloadSpeed(8)
                .ssrc("1000010004")
                .build();

        SessionDescription parsed = SessionDescription.parse(offer.encode());
        assertEquals("Download", parsed.sessionName());
        assertEquals(new Timing(1744856617L, 1744856620L), parsed.timing());
        assertEquals(8, parsed.downloadSpeed().getAsInt());
        assertEquals(offer, parsed);
    }

    @Test
    void ipv6MediaAddressIsDeclaredIp6() {
        SessionDescription offer = play().mediaAddress("fd00::10").build();

        assertEquals(new Connection("IN", "IP6", "fd00::10"), offer.connection().orElseThrow());
    }

    @Test
    void ssrcMustBeTenDigits() {
        assertThrows(IllegalArgumentException.class, () -> GbInviteSdp.builder().ssrc("12345"));
        assertThrows(IllegalArgumentException.class, () -> GbInviteSdp.builder().ssrc("00000l0000"));
    }

    @Test
    void playbackWithoutRangeIsRefused() {
        assertThrows(IllegalStateException.class, () -> play().kind(GbSessionKind.PLAYBACK).build());
    }

    @Test
    void playWithRangeIsRefused() {
        assertThrows(IllegalStateException.class, () -> play().timeRange(1, 2).build());
    }

    @Test
    void missingSsrcIsRefused() {
        assertThrows(IllegalStateException.class, () -> GbInviteSdp.builder()
                .channelId("34020000001310000001").mediaAddress("192.168.0.110").mediaPort(8888).build());
    }
}
