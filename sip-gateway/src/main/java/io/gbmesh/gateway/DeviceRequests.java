package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;

/**
 * The start of a request the platform sends a device outside a dialog (a MANSCDP MESSAGE, an
 * INVITE), in the reference's header order: to {@code targetId} at the address the device's packets
 * come from, From our ID at our advertised address, then Call-ID, CSeq, User-Agent and
 * Max-Forwards. The caller adds the body and the Contact.
 */
public final class DeviceRequests {
    private DeviceRequests() {
    }

    public static SipRequest.Builder fromPlatform(String method, String serverId, String ourHost, int ourPort,
                                                  String targetId, String deviceHost, int devicePort, Via via,
                                                  String fromTag, String callId, long cseq, String userAgent) {
        SipUri target = SipUri.of(targetId, deviceHost, devicePort);
        return SipRequest.builder(method, target)
                .via(via)
                .from(NameAddress.of(SipUri.of(serverId, ourHost, ourPort)).withTag(fromTag))
                .to(NameAddress.of(target))
                .callId(callId)
                .cseq(cseq, method)
                .header(SipHeaderNames.USER_AGENT, userAgent)
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0);
    }

    /** Our Contact: our ID at our advertised address. */
    public static NameAddress contact(String serverId, String ourHost, int ourPort) {
        return NameAddress.of(SipUri.of(serverId, ourHost, ourPort));
    }
}
