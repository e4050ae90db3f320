package io.gbmesh.gateway.dialog;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Peer;

/**
 * One confirmed INVITE dialog with a device (RFC 3261 §12): what identifies it (Call-ID and both
 * tags), where in-dialog requests go (the remote target from the 200's Contact, over the device's
 * peer), our CSeq, and the stream it carries. Reference 7.4 point 12: without these a stream
 * cannot be closed. Used on the gateway's event loop.
 */
final class MediaDialog {
    final String streamId;
    final String deviceId;
    final String channelId;
    final String callId;
    /** Our end: From of our requests, with our tag. */
    final NameAddress local;
    /** The device's end: To of our requests, with the tag of its 200. */
    final NameAddress remote;
    final SipUri remoteTarget;
    final Peer peer;
    final long inviteCseq;
    private long cseq;
    /** The CSeq of the last MANSRTSP control sent in the dialog (annex B: its own count, from 1). */
    private long rtspCseq;
    /** The ACK we sent for the 200, sent again when the device retransmits the 200. */
    SipRequest ack;

    MediaDialog(String streamId, String deviceId, String channelId, String callId, NameAddress local, NameAddress remote,
                SipUri remoteTarget, Peer peer, long inviteCseq) {
        this.streamId = streamId;
        this.deviceId = deviceId;
        this.channelId = channelId;
        this.callId = callId;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.peer = peer;
        this.inviteCseq = inviteCseq;
        this.cseq = inviteCseq;
    }

    /**
     * The dialog a device's 200 to our INVITE confirms (RFC 3261 §12.1.2): the To of the 200 with its
     * tag, and the remote target from its Contact, else the INVITE's Request-URI.
     */
    static MediaDialog confirmed(String streamId, String deviceId, String channelId, SipRequest invite, SipResponse ok,
                                 Peer peer) {
        SipUri target;
        try {
            target = ok.contact().map(NameAddress::uri).orElse(invite.requestUri());
        } catch (SipParseException e) {
            target = invite.requestUri();
        }
        return new MediaDialog(streamId, deviceId, channelId, invite.callId(), invite.from(), ok.to(), target, peer,
                invite.cseq().sequence());
    }

    /** The CSeq of our next request in the dialog (RFC 3261 §12.2.1.1: one more than the last). */
    long nextCseq() {
        return ++cseq;
    }

    /** The CSeq of the next MANSRTSP control of the dialog. */
    long nextRtspCseq() {
        return ++rtspCseq;
    }

    String remoteTag() {
        return remote.tag().orElse("");
    }

    @Override
    public String toString() {
        return "dialog " + callId + " of stream " + streamId + " (" + channelId + ")";
    }
}
