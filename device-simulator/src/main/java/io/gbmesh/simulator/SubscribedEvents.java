package io.gbmesh.simulator;

import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A simulated device's side of the platform's subscriptions (GB/T 28181-2016 §9.11, RFC 6665): SUBSCRIBEs
 * answered with {@link EventOptions#subscribeStatus()} (200 with the granted Expires, or a refusal),
 * refreshes and {@code Expires: 0} in their dialog, and the NOTIFY requests that carry catalog changes,
 * alarms and positions in a subscription's dialog. Used on the device's event loop.
 */
final class SubscribedEvents {
    /** One accepted subscription: the dialog the NOTIFYs go in. */
    record Dialog(String kind, String callId, String localTag, NameAddress platform, String event, long expiresAt,
                  int interval) {
    }

    private final String deviceId;
    private final EventOptions options;
    private final Map<String, Dialog> byKind = new HashMap<>();
    private int subscribesReceived;
    private int unsubscribes;
    private int refreshes;
    private long cseq = 1;

    SubscribedEvents(String deviceId, EventOptions options) {
        this.deviceId = deviceId;
        this.options = options;
    }

    /** Answers a SUBSCRIBE; the kind it (re)subscribed, else null. */
    String onSubscribe(ServerTransaction tx) {
        SipRequest request = tx.request();
        subscribesReceived++;
        if (options.subscribeStatus() != 200) {
            tx.respond(SipResponse.to(request, options.subscribeStatus(), Branches.tag()).build());
            return null;
        }
        ManscdpDocument doc;
        int expires;
        try {
            doc = ManscdpCodec.parse(request.body());
            expires = Math.min(request.expires().orElse(3600), options.maxExpires());
        } catch (ManscdpParseException | SipParseException e) {
            tx.respond(SipResponse.to(request, 400, Branches.tag()).reason("Bad SUBSCRIBE").build());
            return null;
        }
        String kind = switch (doc.cmdType().toLowerCase(Locale.ROOT)) {
            case "catalog" -> "catalog";
            case "alarm" -> "alarm";
            case "mobileposition" -> "position";
            default -> null;
        };
        if (kind == null) {
            tx.respond(SipResponse.to(request, 489, Branches.tag()).reason("Bad Event").build());
            return null;
        }
        Dialog existing = byKind.get(kind);
        boolean inDialog = existing != null && existing.callId().equals(request.callId());
        String localTag = inDialog ? existing.localTag() : request.to().tag().orElse(Branches.tag());
        tx.respond(SipResponse.to(request, 200, localTag).header(SipHeaderNames.EXPIRES, expires).build());
        if (expires == 0) {
            if (inDialog) {
                unsubscribes++;
                byKind.remove(kind);
            }
            return null;
        }
        if (inDialog) {
            refreshes++;
        }
        int interval = doc.text("Interval").map(SubscribedEvents::seconds).orElse(5);
        byKind.put(kind, new Dialog(kind, request.callId(), localTag, request.from(),
                request.first(SipHeaderNames.EVENT).orElse("presence"), System.currentTimeMillis() + expires * 1000L,
                interval));
        return kind;
    }

    /** The live subscription of a kind ({@code catalog}, {@code alarm}, {@code position}), else null. */
    Dialog active(String kind) {
        Dialog d = byKind.get(kind);
        if (d != null && d.expiresAt() <= System.currentTimeMillis()) {
            byKind.remove(kind);
            return null;
        }
        return d;
    }

    Set<String> kinds() {
        byKind.keySet().removeIf(k -> active(k) == null);
        return Set.copyOf(byKind.keySet());
    }

    /** A NOTIFY in the dialog {@code d}, from the device's own address, to the platform's. */
    SipRequest notify(Dialog d, SipUri platformTarget, io.gbmesh.protocol.sip.Via via, String domain, byte[] body) {
        long left = Math.max(0, (d.expiresAt() - System.currentTimeMillis()) / 1000);
        return SipRequest.builder("NOTIFY", platformTarget)
                .via(via)
                .from(NameAddress.of(SipUri.of(deviceId, domain, -1)).withTag(d.localTag()))
                .to(d.platform())
                .callId(d.callId())
                .cseq(cseq++, "NOTIFY")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.USER_AGENT, "IP Camera")
                .header(SipHeaderNames.EVENT, d.event())
                .header(SipHeaderNames.SUBSCRIPTION_STATE, "active;expires=" + left)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .body("Application/MANSCDP+xml", body)
                .build();
    }

    int subscribesReceived() {
        return subscribesReceived;
    }

    int unsubscribes() {
        return unsubscribes;
    }

    int refreshes() {
        return refreshes;
    }

    private static int seconds(String text) {
        try {
            return Math.max(1, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 5;
        }
    }
}
