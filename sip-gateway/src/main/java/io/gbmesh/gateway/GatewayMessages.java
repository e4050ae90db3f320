package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.Via;

/**
 * The SIP messages the gateway builds, as pure functions of their values so that their bytes can be
 * checked against the reference (GB/T 28181 notes, 6.1–6.4).
 */
final class GatewayMessages {
    private GatewayMessages() {
    }

    /** A response to a device's request, shaped as the reference's: User-Agent and Date after CSeq. */
    static SipResponse.Builder answer(SipRequest request, int code, String toTag, String userAgent, String date) {
        return SipResponse.to(request, code, toTag)
                .header(SipHeaderNames.USER_AGENT, userAgent)
                .header(SipHeaderNames.DATE, date);
    }

    /** 401 to a REGISTER, with our digest challenge (reference 6.1). */
    static SipResponse challenge(SipRequest register, String toTag, String userAgent, String date, String wwwAuthenticate) {
        return answer(register, 401, toTag, userAgent, date)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .header(SipHeaderNames.WWW_AUTHENTICATE, wwwAuthenticate)
                .build();
    }

    /** 200 to a REGISTER: the Date is the device's time sync (GB/T 28181 §9.10). */
    static SipResponse registered(SipRequest register, String toTag, String userAgent, String date, int expires) {
        return answer(register, 200, toTag, userAgent, date)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .header(SipHeaderNames.EXPIRES, expires)
                .build();
    }

    /**
     * 302 to an authenticated REGISTER (GB/T 28181-2022 §9.1.2, reference 6.1): register at the
     * gateway node in the Contact instead, with the same Expires.
     */
    static SipResponse redirect(SipRequest register, String toTag, String userAgent, String date, int expires,
                                String serverId, String host, int port) {
        return answer(register, 302, toTag, userAgent, date)
                .reason("Moved Temporarily")
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .header(SipHeaderNames.EXPIRES, expires)
                .header(SipHeaderNames.CONTACT, DeviceRequests.contact(serverId, host, port))
                .build();
    }

    /**
     * A MESSAGE carrying a MANSCDP query to a device (reference 6.4): sent to the address its
     * packets come from, From our ID at our advertised address.
     */
    static SipRequest query(String serverId, String ourHost, int ourPort, String deviceId, String deviceHost, int devicePort,
                            Via via, String fromTag, String callId, long cseq, String userAgent, byte[] body) {
        return DeviceRequests.fromPlatform("MESSAGE", serverId, ourHost, ourPort, deviceId, deviceHost, devicePort, via,
                        fromTag, callId, cseq, userAgent)
                .body("application/MANSCDP+xml", body)
                .contact(DeviceRequests.contact(serverId, ourHost, ourPort))
                .build();
    }

    /**
     * A SUBSCRIBE to a device (GB/T 28181-2016 §9.11; reference 6.7), in the reference's header order:
     * Content-Type, Contact, Expires and Event after Content-Length. {@code toTag} is null for the
     * initial request and the device's tag for a refresh or an unsubscription ({@code Expires: 0}) in
     * the subscription's dialog (RFC 6665 §4.1.2), which keep its Call-ID and From tag with a higher CSeq.
     */
    static SipRequest subscribe(String serverId, String ourHost, int ourPort, String deviceId, String deviceHost,
                                int devicePort, Via via, String fromTag, String toTag, String callId, long cseq,
                                String userAgent, int expires, String event, byte[] body) {
        SipRequest.Builder b = DeviceRequests.fromPlatform("SUBSCRIBE", serverId, ourHost, ourPort, deviceId, deviceHost,
                devicePort, via, fromTag, callId, cseq, userAgent);
        if (toTag != null) {
            b.to(io.gbmesh.protocol.sip.NameAddress.of(io.gbmesh.protocol.sip.SipUri.of(deviceId, deviceHost, devicePort))
                    .withTag(toTag));
        }
        return b.body("application/MANSCDP+xml", body)
                .contact(DeviceRequests.contact(serverId, ourHost, ourPort))
                .header(SipHeaderNames.EXPIRES, expires)
                .header(SipHeaderNames.EVENT, event)
                .build();
    }
}
