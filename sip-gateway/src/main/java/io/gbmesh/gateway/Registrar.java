package io.gbmesh.gateway;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.Transport;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevices;
import io.gbmesh.gateway.registry.RegistryWriter;
import io.gbmesh.protocol.sip.GbDates;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipTransport;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * REGISTER (GB/T 28181 §9.1, reference 4.1 and 6.1–6.2): the device ID checked, digest
 * authentication, the registration written to the cluster registry before the 200 OK (which
 * carries the Date for time sync), and {@code Expires: 0} as unregistration.
 */
final class Registrar {
    private final GatewayConfig config;
    private final PasswordBook passwords;
    private final RegisterAuthenticator authenticator;
    private final DeviceRegistry registry;
    private final RegistryWriter writer;
    private final OwnedDevices owned;
    private final DeviceEvents events;
    private final GatewayMetrics metrics;
    private final Consumer<OwnedDevices.Owned> onNewlyOnline;

    Registrar(GatewayConfig config, PasswordBook passwords, RegisterAuthenticator authenticator, DeviceRegistry registry,
              RegistryWriter writer, OwnedDevices owned, DeviceEvents events, GatewayMetrics metrics,
              Consumer<OwnedDevices.Owned> onNewlyOnline) {
        this.config = config;
        this.passwords = passwords;
        this.authenticator = authenticator;
        this.registry = registry;
        this.writer = writer;
        this.owned = owned;
        this.events = events;
        this.metrics = metrics;
        this.onNewlyOnline = onNewlyOnline;
    }

    void handle(ServerTransaction tx) {
        SipRequest request = tx.request();
        String deviceId = request.from().user();
        if (!DeviceIds.isValid(deviceId)) {
            metrics.count("register.rejected.bad-id");
            reply(tx, 400, "Invalid device ID: not 20 digits");
            return;
        }
        int expires;
        try {
            expires = requestedExpires(request);
        } catch (SipParseException e) {
            metrics.count("register.rejected.bad-expires");
            reply(tx, 400, e.reason());
            return;
        }
        passwords.passwordFor(deviceId).onComplete(ar -> {
            if (ar.failed()) {
                metrics.count("register.error.password-lookup");
                reply(tx, 500, "Password lookup failed");
                return;
            }
            AuthDecision decision = ar.result().isEmpty() ? AuthDecision.accept()
                    : authenticator.check(request, ar.result(), System.currentTimeMillis());
            switch (decision.verdict()) {
                case ACCEPT -> {
                    if (expires == 0) {
                        unregister(tx, deviceId);
                    } else {
                        register(tx, deviceId, expires);
                    }
                }
                case CHALLENGE -> {
                    metrics.count("register.challenged." + decision.reason());
                    tx.respond(GatewayMessages.challenge(tx.request(), Branches.tag(), userAgent(tx), now(), decision.challenge()));
                }
                case FORBIDDEN -> {
                    metrics.count("register.rejected.forbidden");
                    reply(tx, 403, decision.reason());
                }
                case BAD_REQUEST -> {
                    metrics.count("register.rejected.bad-credentials");
                    reply(tx, 400, decision.reason());
                }
            }
        });
    }

    private void register(ServerTransaction tx, String deviceId, int expires) {
        SipRequest request = tx.request();
        long now = System.currentTimeMillis();
        OwnedDevices.Owned previous = owned.get(deviceId);
        boolean refresh = previous != null;
        String contact = contactOf(request);
        DeviceRegistration registration = new DeviceRegistration(deviceId, config.nodeId(),
                tx.source().transport() == SipTransport.TCP ? Transport.TCP : Transport.UDP,
                tx.source().host(), tx.source().port(), contact,
                refresh ? previous.registration.registeredAt() : now,
                now + expires * 1000L, now,
                refresh ? previous.registration.heartbeatInterval() : config.heartbeatInterval(),
                refresh ? previous.registration.heartbeatCount() : config.heartbeatCount(),
                refresh ? previous.registration.info() : null);
        OwnedDevices.Owned device = owned.put(registration, tx.source());
        // answered at once; the cluster learns it with the next batch, and the event follows that
        metrics.count(refresh ? "register.refreshed" : "register.accepted");
        tx.endpoint().bind(tx.source()); // its TCP connection now carries a device: no idle timeout
        tx.respond(GatewayMessages.registered(tx.request(), Branches.tag(), userAgent(tx), now(), expires));
        writer.write(registration).onComplete(ar -> {
            if (ar.failed()) {
                metrics.count("register.error.registry");
                return;
            }
            events.online(registration, refresh);
            if (!refresh) {
                onNewlyOnline.accept(device);
            }
        });
    }

    private void unregister(ServerTransaction tx, String deviceId) {
        owned.remove(deviceId);
        writer.cancel(deviceId);
        registry.get(deviceId).compose(r -> r == null ? io.vertx.core.Future.succeededFuture(false)
                : registry.removeIfOwner(deviceId, r.gatewayNode())).onComplete(ar -> {
            tx.respond(GatewayMessages.registered(tx.request(), Branches.tag(), userAgent(tx), now(), 0));
            metrics.count("register.unregistered");
            if (ar.succeeded() && ar.result()) {
                metrics.offline(OfflineReason.UNREGISTERED);
                events.offline(deviceId, OfflineReason.UNREGISTERED);
            }
        });
    }

    /** Expires header, else the Contact's expires parameter, else our default; capped. */
    private int requestedExpires(SipRequest request) throws SipParseException {
        var header = request.expires();
        if (header.isPresent()) {
            return Math.min(header.getAsInt(), config.maxExpires());
        }
        Optional<NameAddress> contact = request.contact();
        if (contact.isPresent()) {
            Optional<String> e = contact.get().parameters().get("expires");
            if (e.isPresent()) {
                try {
                    return Math.min(Math.max(0, Integer.parseInt(e.get().trim())), config.maxExpires());
                } catch (NumberFormatException ex) {
                    throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Contact expires");
                }
            }
        }
        return config.defaultExpires();
    }

    private static String contactOf(SipRequest request) {
        try {
            return request.contact().map(c -> c.uri() == null ? "*" : c.uri().toString()).orElse(null);
        } catch (SipParseException e) {
            return null;
        }
    }

    private static String userAgent(ServerTransaction tx) {
        return tx.endpoint().options().userAgent();
    }

    private static String now() {
        return GbDates.format(LocalDateTime.now());
    }

    private void reply(ServerTransaction tx, int code, String reason) {
        tx.respond(GatewayMessages.answer(tx.request(), code, Branches.tag(), userAgent(tx), now()).reason(reason).build());
    }
}
