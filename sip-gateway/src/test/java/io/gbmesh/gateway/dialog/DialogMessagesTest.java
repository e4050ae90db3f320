package io.gbmesh.gateway.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipTransport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The media-dialog messages the gateway builds, byte for byte against the reference (6.8). Where ours
 * differ, on purpose: the ACK has its own branch (RFC 3261 §17.1.1.3: a 2xx ACK is a transaction of
 * its own, the reference reuses the INVITE's), and the ACK and BYE carry Max-Forwards and
 * Content-Length; the BYE goes to the device's Contact (the reference addresses it to the platform's
 * own URI) with the next CSeq of the dialog, and names User-Agent. In production our Via also asks
 * for rport (RFC 3581); here the reference's Via is passed in.
 */
class DialogMessagesTest {
    private static final String INVITE = String.join("\r\n",
            "INVITE sip:34020000001310000001@192.168.0.64:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z3hG9bK4de987b1737d494d9c63bb1464c9cdcb",
            "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1034",
            "To: <sip:34020000001310000001@192.168.0.64:5060>",
            "Call-ID: 445efb2b5134487788334cd6acafe0a2",
            "CSeq: 35 INVITE",
            "User-Agent: wx_feiyangqingyun",
            "Max-Forwards: 70",
            "Content-Length: 323",
            "Content-Type: application/sdp",
            "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
            "Subject: 34020000001310000001:0000010000,34020000002000000001:0",
            "",
            "v=0",
            "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
            "s=Play",
            "u=34020000001310000001:0",
            "c=IN IP4 192.168.0.110",
            "t=0 0",
            "m=video 8888 TCP/RTP/AVP 96 97 98",
            "a=recvonly",
            "a=setup:active",
            "a=connection:new",
            "a=rtpmap:96 PS/90000",
            "a=rtpmap:97 MPEG4/90000",
            "a=rtpmap:98 H264/90000",
            "a=downloadspeed:0",
            "a=streamprofile:0",
            "y=0000010000", "");

    private static final String OK = String.join("\r\n",
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z3hG9bK4de987b1737d494d9c63bb1464c9cdcb",
            "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1034",
            "To: <sip:34020000001310000001@192.168.0.64:5060>;tag=1561889054",
            "Call-ID: 445efb2b5134487788334cd6acafe0a2",
            "CSeq: 35 INVITE",
            "Contact: <sip:34020000001320000002@192.168.0.64:5060>",
            "Content-Type: application/sdp",
            "User-Agent: IP Camera",
            "Content-Length: 206",
            "",
            "v=0",
            "o=34020000001320000002 2851 2851 IN IP4 192.168.0.64",
            "s=Play",
            "c=IN IP4 192.168.0.64",
            "t=0 0",
            "m=video 15060 TCP/RTP/AVP 96",
            "a=setup:passive",
            "a=sendonly",
            "a=rtpmap:96 PS/90000",
            "a=filesize:0",
            "y=0000010000", "");

    private static final Via REFERENCE_VIA = new Via("UDP", "192.168.0.110", 15060, null)
            .withBranch("z3hG9bK4de987b1737d494d9c63bb1464c9cdcb");

    private static SipRequest invite() {
        InviteRequest play = new InviteRequest("s1", "34020000001320000002", "34020000001310000001", StreamKind.PLAY,
                "192.168.0.110", 8888, MediaTransport.TCP_ACTIVE, "0000010000", 0, 0, 0);
        return DialogMessages.invite("34020000002000000001", "192.168.0.110", 15060, "34020000001310000001",
                "192.168.0.64", 5060, REFERENCE_VIA, "1034", "445efb2b5134487788334cd6acafe0a2", 35, "wx_feiyangqingyun",
                "0000010000", DialogMessages.offer(play));
    }

    private static MediaDialog dialog() throws Exception {
        SipResponse ok = (SipResponse) new SipParser().parse(OK.getBytes(StandardCharsets.UTF_8));
        return MediaDialog.confirmed("s1", "34020000001320000002", "34020000001310000001", invite(), ok,
                new Peer(SipTransport.UDP, "192.168.0.64", 5060));
    }

    @Test
    void thePlayInviteIsTheReferencesByteForByte() {
        assertEquals(INVITE, new String(invite().toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theAckTakesTheTagOfThe200AndTheInvitesCseqOnItsOwnBranch() throws Exception {
        String expected = String.join("\r\n",
                "ACK sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z9hG4bK5e0b3a1c",
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1034",
                "To: <sip:34020000001310000001@192.168.0.64:5060>;tag=1561889054",
                "Call-ID: 445efb2b5134487788334cd6acafe0a2",
                "CSeq: 35 ACK",
                "Max-Forwards: 70",
                "Content-Length: 0", "", "");
        SipRequest ack = DialogMessages.ack(dialog(), REFERENCE_VIA.withBranch("z9hG4bK5e0b3a1c"));
        assertEquals(expected, new String(ack.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theByeGoesToTheDevicesContactWithTheNextCseq() throws Exception {
        String expected = String.join("\r\n",
                "BYE sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z3hG9bK7fe7407471734ba087eb4092db6ba108",
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1034",
                "To: <sip:34020000001310000001@192.168.0.64:5060>;tag=1561889054",
                "Call-ID: 445efb2b5134487788334cd6acafe0a2",
                "CSeq: 36 BYE",
                "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
                "Max-Forwards: 70",
                "User-Agent: wx_feiyangqingyun",
                "Content-Length: 0", "", "");
        MediaDialog dialog = dialog();
        SipRequest bye = DialogMessages.bye(dialog, REFERENCE_VIA.withBranch("z3hG9bK7fe7407471734ba087eb4092db6ba108"),
                dialog.nextCseq(), SipUri.of("34020000002000000001", "192.168.0.110", 15060), "wx_feiyangqingyun");
        assertEquals(expected, new String(bye.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aPlaybackOffersItsTimeRangeAndADownloadItsSpeed() {
        String playback = DialogMessages.offer(new InviteRequest("s2", "34020000001320000002", "34020000001310000001",
                StreamKind.PLAYBACK, "192.168.0.110", 6902, MediaTransport.UDP, "1000010003", 1, 1744946094, 1744947129)).encode();
        assertEquals(String.join("\r\n",
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
                "a=downloadspeed:0",
                "a=streamprofile:1",
                "y=1000010003", ""), playback);
        String download = DialogMessages.offer(new InviteRequest("s3", "34020000001320000002", "34020000001310000001",
                StreamKind.DOWNLOAD, "192.168.0.110", 6902, MediaTransport.TCP_PASSIVE, "1000010004", 0, 1744856617,
                1744856620)).encode();
        assertTrue(download.contains("s=Download\r\n"));
        assertTrue(download.contains("m=video 6902 TCP/RTP/AVP 96 97 98\r\na=recvonly\r\na=setup:passive\r\na=connection:new\r\n"));
        assertTrue(download.contains("a=downloadspeed:1\r\n"));
    }
}
