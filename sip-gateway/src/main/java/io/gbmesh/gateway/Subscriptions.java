package io.gbmesh.gateway;

import io.gbmesh.contracts.SubscriptionState;
import io.gbmesh.gateway.EventSettings.Kind;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.manscdp.AlarmSubscription;
import io.gbmesh.protocol.manscdp.ManscdpQueries;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's event subscriptions on the devices it owns (GB/T 28181-2016 §9.11, RFC 6665): catalog,
 * alarm and mobile position, SUBSCRIBEd when a device comes online, refreshed in their dialog at 4/5
 * of the expiry the device granted, and ended with {@code Expires: 0} when it goes offline or the node
 * stops.
 *
 * <p>A device that refuses (a final answer other than 2xx) is recorded as not subscribable for that
 * kind and not asked again for {@link EventSettings#refusedRetrySeconds()}, whatever it does meanwhile
 * (registering again included), so that no device is asked in a loop. One that does not answer is asked
 * again after a delay that doubles from 30 s up to the same bound. Used on the gateway's event loop.
 */
final class Subscriptions {
    private static final long FIRST_RETRY_MILLIS = 30_000;
    /** How long stopping waits for the devices to answer their unsubscriptions. */
    static final long STOP_WAIT_MILLIS = 2_000;

    private final Vertx vertx;
    private final SipEndpoint endpoint;
    private final GatewayConfig config;
    private final EventSettings settings;
    private final GatewayMetrics metrics;
    private final Map<String, EnumMap<Kind, Subscription>> byDevice = new HashMap<>();
    private final Map<String, Subscription> byCallId = new HashMap<>();
    /** device|kind → epoch ms until which a device that refused is left alone; kept across its registrations. */
    private final Map<String, Long> refusedUntil = new HashMap<>();
    private long nextSn = ThreadLocalRandom.current().nextInt(1, 100_000);

    /** One subscription dialog (RFC 6665 §4.1.2): its identifiers and where it stands. */
    private static final class Subscription {
        final String deviceId;
        final Kind kind;
        final String callId = Branches.callId();
        final String fromTag = Branches.tag();
        final long sn;
        Peer peer;
        String toTag;
        long cseq;
        String state = "pending";
        long expiresAt;
        long refreshAt;
        int status;
        long notifications;
        long timer = -1;
        long retryDelay = FIRST_RETRY_MILLIS;

        Subscription(String deviceId, Kind kind, long sn, Peer peer) {
            this.deviceId = deviceId;
            this.kind = kind;
            this.sn = sn;
            this.peer = peer;
        }
    }

    Subscriptions(Vertx vertx, SipEndpoint endpoint, GatewayConfig config, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.config = config;
        this.settings = config.events();
        this.metrics = metrics;
    }

    /**
     * A device came online here: subscribes to each configured kind it has not refused lately.
     * Completes (never fails) once each SUBSCRIBE sent has its first answer or none came, so that the
     * online queue counts a device's subscriptions in its turn.
     */
    Future<Void> deviceOnline(OwnedDevice device) {
        List<Future<Void>> sent = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Kind kind : settings.subscribe()) {
            Long until = refusedUntil.get(key(device.deviceId(), kind));
            if (until != null && until > now) {
                metrics.count("subscribe.skipped.refused");
                continue;
            }
            refusedUntil.remove(key(device.deviceId(), kind));
            EnumMap<Kind, Subscription> subs = byDevice.computeIfAbsent(device.deviceId(), id -> new EnumMap<>(Kind.class));
            Subscription old = subs.get(kind);
            if (old != null && (old.state.equals("active") || old.state.equals("pending"))) {
                old.peer = device.peer(); // it registered again (perhaps from elsewhere): keep the dialog
                continue;
            }
            if (old != null) {
                forget(old);
            }
            Subscription s = new Subscription(device.deviceId(), kind, nextSn++, device.peer());
            subs.put(kind, s);
            byCallId.put(s.callId, s);
            sent.add(send(s, settings.expiresSeconds()));
        }
        return sent.isEmpty() ? Future.succeededFuture() : Future.join(sent).transform(ar -> Future.succeededFuture());
    }

    /** The device went offline: its subscriptions end ({@code Expires: 0}, best effort) and are forgotten. */
    void deviceOffline(String deviceId) {
        EnumMap<Kind, Subscription> subs = byDevice.remove(deviceId);
        if (subs == null) {
            return;
        }
        for (Subscription s : subs.values()) {
            end(s);
        }
    }

    /** The node stops: every subscription ends; completes once the devices answered, or after {@value #STOP_WAIT_MILLIS} ms. */
    Future<Void> stop() {
        List<Future<SipResponse>> ending = new ArrayList<>();
        for (EnumMap<Kind, Subscription> subs : byDevice.values()) {
            for (Subscription s : subs.values()) {
                Future<SipResponse> f = end(s);
                if (f != null) {
                    ending.add(f);
                }
            }
        }
        byDevice.clear();
        if (ending.isEmpty()) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        long timer = vertx.setTimer(STOP_WAIT_MILLIS, id -> done.tryComplete());
        Future.join(ending).onComplete(ar -> {
            vertx.cancelTimer(timer);
            done.tryComplete();
        });
        return done.future();
    }

    /** A NOTIFY arrived in the dialog with this Call-ID: counted for its subscription; false when none is known. */
    boolean notified(String callId) {
        Subscription s = byCallId.get(callId);
        if (s == null) {
            return false;
        }
        s.notifications++;
        return true;
    }

    /** The device's subscriptions as they stand, and the kinds it refused lately. */
    List<SubscriptionState> states(String deviceId) {
        List<SubscriptionState> out = new ArrayList<>();
        EnumMap<Kind, Subscription> subs = byDevice.get(deviceId);
        long now = System.currentTimeMillis();
        for (Kind kind : Kind.values()) {
            Subscription s = subs == null ? null : subs.get(kind);
            if (s != null) {
                out.add(new SubscriptionState(kind.label(), s.state, s.expiresAt, s.refreshAt, s.status, s.notifications));
            } else {
                Long until = refusedUntil.get(key(deviceId, kind));
                if (until != null && until > now) {
                    out.add(new SubscriptionState(kind.label(), "refused", 0, until, 0, 0));
                }
            }
        }
        return out;
    }

    int activeCount() {
        int n = 0;
        for (EnumMap<Kind, Subscription> subs : byDevice.values()) {
            for (Subscription s : subs.values()) {
                if (s.state.equals("active")) {
                    n++;
                }
            }
        }
        return n;
    }

    private Future<SipResponse> end(Subscription s) {
        vertx.cancelTimer(s.timer);
        byCallId.remove(s.callId);
        boolean established = s.state.equals("active") || s.state.equals("pending");
        s.state = "ended";
        if (!established) {
            return null;
        }
        metrics.countCmd("subscribe.ended", s.kind.label());
        return endpoint.request(request(s, 0), s.peer).onFailure(err -> metrics.count("subscribe.end.unanswered"));
    }

    private void forget(Subscription s) {
        vertx.cancelTimer(s.timer);
        byCallId.remove(s.callId);
    }

    /** Sends the SUBSCRIBE; the future completes (never fails) when its answer came or none will. */
    private Future<Void> send(Subscription s, int expires) {
        boolean refresh = s.toTag != null;
        metrics.countCmd(refresh ? "subscribe.refresh" : "subscribe.sent", s.kind.label());
        Future<SipResponse> answered = endpoint.request(request(s, expires), s.peer);
        answered.onComplete(ar -> {
            if (current(s) == null) {
                return; // ended or replaced meanwhile
            }
            if (ar.failed()) {
                s.status = 0;
                retry(s, "subscribe.unanswered");
                return;
            }
            SipResponse r = ar.result();
            s.status = r.statusCode();
            if (r.isSuccess()) {
                accepted(s, r);
            } else if (refresh && r.statusCode() == 481) {
                // the device lost the dialog (it restarted): a new subscription, once
                metrics.count("subscribe.refresh.lost");
                forget(s);
                EnumMap<Kind, Subscription> subs = byDevice.get(s.deviceId);
                Subscription fresh = new Subscription(s.deviceId, s.kind, nextSn++, s.peer);
                subs.put(s.kind, fresh);
                byCallId.put(fresh.callId, fresh);
                send(fresh, settings.expiresSeconds());
            } else {
                refused(s);
            }
        });
        return answered.transform(ar -> Future.succeededFuture());
    }

    private void accepted(Subscription s, SipResponse r) {
        if (s.toTag == null) {
            s.toTag = r.to().tag().orElse(null);
        }
        int granted = settings.expiresSeconds();
        try {
            var header = r.expires();
            if (header.isPresent() && header.getAsInt() > 0) {
                granted = Math.min(header.getAsInt(), settings.expiresSeconds());
            }
        } catch (SipParseException badExpires) {
            metrics.count("subscribe.bad-expires");
        }
        long now = System.currentTimeMillis();
        s.state = "active";
        s.expiresAt = now + granted * 1000L;
        long refreshIn = Math.max(1000, granted * 800L);
        s.refreshAt = now + refreshIn;
        s.retryDelay = FIRST_RETRY_MILLIS;
        metrics.countCmd("subscribe.accepted", s.kind.label());
        vertx.cancelTimer(s.timer);
        s.timer = vertx.setTimer(refreshIn, id -> {
            if (current(s) != null) {
                send(s, settings.expiresSeconds());
            }
        });
    }

    private void refused(Subscription s) {
        s.state = "refused";
        s.expiresAt = 0;
        long until = System.currentTimeMillis() + settings.refusedRetrySeconds() * 1000L;
        s.refreshAt = until;
        refusedUntil.put(key(s.deviceId, s.kind), until);
        byCallId.remove(s.callId);
        metrics.countCmd("subscribe.refused", s.kind.label());
    }

    private void retry(Subscription s, String counter) {
        metrics.count(counter);
        long delay = Math.min(s.retryDelay, settings.refusedRetrySeconds() * 1000L);
        s.retryDelay = Math.min(s.retryDelay * 2, settings.refusedRetrySeconds() * 1000L);
        boolean wasActive = s.state.equals("active") && s.expiresAt > System.currentTimeMillis() + delay;
        if (!wasActive) {
            s.state = "failed";
            s.toTag = null; // start over with a new dialog
        }
        s.refreshAt = System.currentTimeMillis() + delay;
        vertx.cancelTimer(s.timer);
        s.timer = vertx.setTimer(delay, id -> {
            if (current(s) != null) {
                if (s.toTag == null) {
                    s.state = "pending";
                }
                send(s, settings.expiresSeconds());
            }
        });
    }

    /** The subscription if it is still the device's current one of its kind, else null. */
    private Subscription current(Subscription s) {
        EnumMap<Kind, Subscription> subs = byDevice.get(s.deviceId);
        return subs != null && subs.get(s.kind) == s && !s.state.equals("ended") ? s : null;
    }

    private SipRequest request(Subscription s, int expires) {
        Peer peer = s.peer;
        byte[] body = switch (s.kind) {
            case CATALOG -> ManscdpQueries.catalogSubscription(s.sn, s.deviceId);
            case ALARM -> ManscdpQueries.alarmSubscription(s.sn, s.deviceId, AlarmSubscription.ALL);
            case POSITION -> ManscdpQueries.mobilePositionSubscription(s.sn, s.deviceId, settings.positionInterval());
        };
        return GatewayMessages.subscribe(config.sipId(), endpoint.advertisedHost(), endpoint.port(), s.deviceId,
                peer.host(), peer.port(), endpoint.newVia(peer.transport()), s.fromTag, s.toTag, s.callId, ++s.cseq,
                endpoint.options().userAgent(), expires, event(s.kind, s.sn), body);
    }

    /**
     * The Event header: {@code presence} for alarms and positions, as the reference (6.7) and the devices
     * tested with it use; {@code Catalog;id=<SN>} for the catalog, as GB/T 28181-2016 §9.11.3 names the
     * catalog event package and devices of the 2016 edition expect.
     */
    static String event(Kind kind, long sn) {
        return kind == Kind.CATALOG ? "Catalog;id=" + sn : "presence";
    }

    private static String key(String deviceId, Kind kind) {
        return deviceId + '|' + kind;
    }
}
