package io.gbmesh.gateway.talk;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Peer;

/**
 * The dialog of a device's talk INVITE that we answered (RFC 3261 §12.1.1, reference 6.12): the
 * device's From (with its tag) is the remote end, its To with our tag is ours, its Contact the
 * remote target of our BYE. Used on the gateway's event loop.
 */
final class TalkDialog {
    final String talkId;
    final String deviceId;
    final String channelId;
    final String callId;
    final NameAddress local;
    final NameAddress remote;
    final SipUri remoteTarget;
    final Peer peer;
    private long cseq;

    TalkDialog(String talkId, String deviceId, String channelId, String callId, NameAddress local, NameAddress remote,
               SipUri remoteTarget, Peer peer) {
        this.talkId = talkId;
        this.deviceId = deviceId;
        this.channelId = channelId;
        this.callId = callId;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.peer = peer;
    }

    /** Our requests' CSeq: our own count in this dialog (RFC 3261 §12.2.1.1). */
    long nextCseq() {
        return ++cseq;
    }

    String remoteTag() {
        return remote.tag().orElse("");
    }
}
