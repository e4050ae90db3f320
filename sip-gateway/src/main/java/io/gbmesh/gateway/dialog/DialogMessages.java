package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.gateway.DeviceRequests;
import io.gbmesh.protocol.sdp.GbInviteSdp;
import io.gbmesh.protocol.sdp.GbSessionKind;
import io.gbmesh.protocol.sdp.MediaTransport;
import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import java.nio.charset.StandardCharsets;

/**
 * The media-dialog messages the gateway builds (reference 6.8, GB/T 28181-2016 §9.2), as pure
 * functions of their values so that their bytes can be checked against the reference.
 */
final class DialogMessages {
    /** {@code a=downloadspeed} of a Download that names none: the recording comes in real time. */
    static final int DOWNLOAD_SPEED = 1;

    private DialogMessages() {
    }

    /**
     * The SDP offer for a stream request: the media node's address and port, the transport with its
     * setup lines (TCP passive: the platform listens; TCP active: the platform connects), the
     * profile, and the SSRC in {@code y=}. {@code a=downloadspeed} is written as the reference does
     * (0 on Play and Playback, where devices ignore it).
     */
    static SessionDescription offer(InviteRequest request) {
        GbInviteSdp sdp = GbInviteSdp.builder()
                .channelId(request.channelId())
                .kind(GbSessionKind.valueOf(request.kind().name()))
                .mediaAddress(request.mediaHost())
                .mediaPort(request.mediaPort())
                .transport(MediaTransport.valueOf(request.transport().name()))
                .downloadSpeed(request.kind() != StreamKind.DOWNLOAD ? 0
                        : request.downloadSpeed() > 0 ? request.downloadSpeed() : DOWNLOAD_SPEED)
                .streamProfile(request.profile())
                .ssrc(request.ssrc());
        if (request.kind() != StreamKind.PLAY) {
            sdp.timeRange(request.startTime(), request.endTime());
        }
        return sdp.build();
    }

    /**
     * INVITE to a channel (reference 6.8): Request-URI and To name the channel at the device's
     * address, From and Contact our ID at our address, and {@code Subject: channel:SSRC,server:0}
     * (GB/T 28181-2016 §8.1.2: sender ID, sender stream serial, receiver ID, receiver stream serial),
     * without which devices refuse the INVITE (reference 7.4 point 19).
     */
    static SipRequest invite(String serverId, String ourHost, int ourPort, String channelId, String deviceHost, int devicePort,
                             Via via, String fromTag, String callId, long cseq, String userAgent, String ssrc,
                             SessionDescription offer) {
        return DeviceRequests.fromPlatform("INVITE", serverId, ourHost, ourPort, channelId, deviceHost, devicePort, via,
                        fromTag, callId, cseq, userAgent)
                .body("application/sdp", offer.encode().getBytes(StandardCharsets.UTF_8))
                .contact(DeviceRequests.contact(serverId, ourHost, ourPort))
                .header(SipHeaderNames.SUBJECT, channelId + ":" + ssrc + "," + serverId + ":0")
                .build();
    }

    /**
     * ACK for the device's 200 (RFC 3261 §13.2.2.4): to the remote target, with a new branch (it is a
     * transaction of its own), the To tag of the 200 and the INVITE's CSeq number.
     */
    static SipRequest ack(MediaDialog dialog, Via via) {
        return SipRequest.builder("ACK", dialog.remoteTarget)
                .via(via)
                .from(dialog.local)
                .to(dialog.remote)
                .callId(dialog.callId)
                .cseq(dialog.inviteCseq, "ACK")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
    }

    /** BYE in the dialog (RFC 3261 §15.1.1, reference 6.8): to the remote target, the next CSeq, our Contact. */
    static SipRequest bye(MediaDialog dialog, Via via, long cseq, SipUri contact, String userAgent) {
        return SipRequest.builder("BYE", dialog.remoteTarget)
                .via(via)
                .from(dialog.local)
                .to(dialog.remote)
                .callId(dialog.callId)
                .cseq(cseq, "BYE")
                .contact(NameAddress.of(contact))
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.USER_AGENT, userAgent)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
    }

    /**
     * INFO in the dialog carrying a MANSRTSP playback control (GB/T 28181-2016 §9.8, annex B; reference
     * 6.10): to the remote target, the next CSeq of the dialog, {@code Content-Type: application/MANSRTSP}.
     */
    static SipRequest info(MediaDialog dialog, Via via, long cseq, SipUri contact, String userAgent,
                           io.gbmesh.protocol.rtsp.MansRtsp control) {
        return SipRequest.builder("INFO", dialog.remoteTarget)
                .via(via)
                .from(dialog.local)
                .to(dialog.remote)
                .callId(dialog.callId)
                .cseq(cseq, "INFO")
                .header(SipHeaderNames.USER_AGENT, userAgent)
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .body(io.gbmesh.protocol.rtsp.MansRtsp.CONTENT_TYPE, control.toBytes())
                .contact(NameAddress.of(contact))
                .build();
    }
}
