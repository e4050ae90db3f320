package io.gbmesh.gateway.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.PlaybackControl;
import io.gbmesh.protocol.rtsp.MansRtsp;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipTransport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The playback-control INFOs against the reference (6.10), byte for byte but for the Request-URI:
 * ours goes to the device's Contact of the 200 (RFC 3261 §12.2.1.1), the reference writes the
 * channel at the device's address. The MANSRTSP CSeq counts per dialog from 1, apart from the SIP CSeq.
 */
class PlaybackMessagesTest {
    private static final Via VIA = new Via("UDP", "192.168.0.110", 15060, null);

    private static MediaDialog dialog() throws Exception {
        return new MediaDialog("s1", "34020000001320000002", "34020000001310000001", "2b3bf36cf7164ea0aac06fbd3e24680f",
                NameAddress.parse("<sip:34020000002000000001@192.168.0.110:15060>;tag=1039"),
                NameAddress.parse("<sip:34020000001310000001@192.168.0.64:5060>;tag=723451991"),
                SipUri.of("34020000001320000002", "192.168.0.64", 5060), new Peer(SipTransport.UDP, "192.168.0.64", 5060), 42);
    }

    private static String info(MediaDialog dialog, String branch, MansRtsp control) {
        SipRequest info = DialogMessages.info(dialog, VIA.withBranch(branch), dialog.nextCseq(),
                SipUri.of("34020000002000000001", "192.168.0.110", 15060), "wx_feiyangqingyun", control);
        return new String(info.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void thePauseInfoIsTheReferencesByteForByte() throws Exception {
        MediaDialog dialog = dialog();
        String expected = String.join("\r\n",
                "INFO sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z3hG9bK28e2fc9dac8b421f9a8450a10933210d",
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1039",
                "To: <sip:34020000001310000001@192.168.0.64:5060>;tag=723451991",
                "Call-ID: 2b3bf36cf7164ea0aac06fbd3e24680f",
                "CSeq: 43 INFO",
                "User-Agent: wx_feiyangqingyun",
                "Max-Forwards: 70",
                "Content-Length: 41",
                "Content-Type: application/MANSRTSP",
                "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
                "",
                "PAUSE RTSP/1.0",
                "CSeq: 1",
                "PauseTime: now", "");
        assertEquals(expected, info(dialog, "z3hG9bK28e2fc9dac8b421f9a8450a10933210d", MansRtsp.pause(dialog.nextRtspCseq())));
    }

    @Test
    void resumeScaleAndSeekFollowInTheDialogWithTheirOwnCseqs() throws Exception {
        MediaDialog dialog = dialog();
        info(dialog, "z9hG4bK1", MansRtsp.pause(dialog.nextRtspCseq()));
        String resume = info(dialog, "z9hG4bK2", MansRtsp.resume(dialog.nextRtspCseq()));
        String scale = info(dialog, "z9hG4bK3", MansRtsp.scale(dialog.nextRtspCseq(), 4));
        String seek = info(dialog, "z9hG4bK4", MansRtsp.seek(dialog.nextRtspCseq(), 379));
        assertTrue(resume.contains("CSeq: 44 INFO\r\n") && resume.endsWith("Content-Length: 41\r\nContent-Type: application/MANSRTSP\r\n"
                + "Contact: <sip:34020000002000000001@192.168.0.110:15060>\r\n\r\nPLAY RTSP/1.0\r\nCSeq: 2\r\nRange: npt=now-\r\n"), resume);
        assertTrue(scale.contains("CSeq: 45 INFO\r\n") && scale.contains("Content-Length: 34\r\n")
                && scale.endsWith("\r\n\r\nPLAY RTSP/1.0\r\nCSeq: 3\r\nScale: 4\r\n"), scale);
        assertTrue(seek.contains("CSeq: 46 INFO\r\n") && seek.endsWith("\r\n\r\nPLAY RTSP/1.0\r\nCSeq: 4\r\nRange: npt=379-\r\n"), seek);
    }

    @Test
    void aDownloadOffersTheAskedSpeedAsTheReferenceDoes() {
        String offer = DialogMessages.offer(new io.gbmesh.contracts.InviteRequest("s3", "34020000001320000002",
                "34020000001310000001", io.gbmesh.contracts.StreamKind.DOWNLOAD, "192.168.0.110", 6902,
                io.gbmesh.contracts.MediaTransport.TCP_PASSIVE, "1000010004", 1, 1744856617, 1744856620, 8)).encode();
        assertEquals(String.join("\r\n",
                "v=0",
                "o=34020000001310000001 0 0 IN IP4 192.168.0.110",
                "s=Download",
                "u=34020000001310000001:0",
                "c=IN IP4 192.168.0.110",
                "t=1744856617 1744856620",
                "m=video 6902 TCP/RTP/AVP 96 97 98",
                "a=recvonly",
                "a=setup:passive",
                "a=connection:new",
                "a=rtpmap:96 PS/90000",
                "a=rtpmap:97 MPEG4/90000",
                "a=rtpmap:98 H264/90000",
                "a=downloadspeed:8",
                "a=streamprofile:1",
                "y=1000010004", ""), offer, "the reference 6.11 offer");
    }

    @Test
    void controlsOutsideTheirBoundsAreRefusedBeforeAnythingIsSent() {
        assertEquals("scale must be within 0.25..8", PlaybackControls.problem(new PlaybackControl("s", PlaybackControl.Action.SCALE, 16, 0, 0)));
        assertEquals("scale must be within 0.25..8", PlaybackControls.problem(new PlaybackControl("s", PlaybackControl.Action.SCALE, 0.1, 0, 0)));
        assertEquals("position must be a number of seconds from 0",
                PlaybackControls.problem(new PlaybackControl("s", PlaybackControl.Action.SEEK, 1, -3, 0)));
        assertEquals("streamId and action are required", PlaybackControls.problem(new PlaybackControl("s", null, 1, 0, 0)));
        assertNull(PlaybackControls.problem(new PlaybackControl("s", PlaybackControl.Action.SCALE, 0.25, 0, 0)));
    }
}
