package io.gbmesh.gateway.talk;

import io.gbmesh.protocol.sdp.SessionDescription;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import java.nio.charset.StandardCharsets;

/** The talk messages the gateway builds (reference 6.12), pure functions of their values. */
final class TalkMessages {
    private TalkMessages() {
    }

    /** 200 to the device's talk INVITE: our tag in To, our Contact, and the answer SDP. */
    static SipResponse ok(SipRequest invite, String ourTag, SipUri contact, String userAgent, SessionDescription answer) {
        return SipResponse.to(invite, 200, ourTag)
                .contact(NameAddress.of(contact))
                .header(SipHeaderNames.USER_AGENT, userAgent)
                .body("application/sdp", answer.encode().getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    /** BYE ending the talk (reference 6.12): to the device's Contact, our end as From, the device's as To. */
    static SipRequest bye(TalkDialog dialog, Via via, long cseq, SipUri contact, String userAgent) {
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
     * The channel a talk INVITE names: the {@code Subject} is {@code sender:serial,receiver:serial}
     * (GB/T 28181-2016 §8.1.2) and devices put our ID on one side and the channel on the other
     * (reference 6.12); empty when neither side is a 20-digit ID other than ours.
     */
    static java.util.Optional<String> subjectChannel(SipRequest invite, String serverId) {
        String subject = invite.first(SipHeaderNames.SUBJECT).orElse("");
        for (String part : subject.split(",")) {
            String id = part.split(":", 2)[0].strip();
            if (id.length() == 20 && id.chars().allMatch(Character::isDigit) && !id.equals(serverId)) {
                return java.util.Optional.of(id);
            }
        }
        return java.util.Optional.empty();
    }
}
