package io.gbmesh.gateway;

import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.gateway.redirect.Redirector;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sip.GbDates;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.vertx.core.Future;
import java.time.LocalDateTime;
import java.util.function.Consumer;

/**
 * REGISTER (GB/T 28181 §9.1, reference 4.1 and 6.1–6.2): the device ID checked, digest
 * authentication, the registration held here at once and answered with a 200 OK (which carries the
 * Date for time sync) while the cluster registry takes it with its next batch, and
 * {@code Expires: 0} as unregistration, or, with registration redirect on, a {@code 302} naming the
 * gateway node that is to serve the device ({@link Redirector}). An accepted REGISTER
 * is the only thing that binds a device to a transport address (or TCP connection), or moves it.
 */
final class Registrar {
    private final GatewayConfig config;
    private final PasswordBook passwords;
    private final RegisterAuthenticator authenticator;
    private final DeviceRegistry registry;
    private final GatewayMetrics metrics;
    private final Consumer<OwnedDevice> onNewlyOnline;
    private final Redirector redirector;

    Registrar(GatewayConfig config, PasswordBook passwords, RegisterAuthenticator authenticator, DeviceRegistry registry,
              GatewayMetrics metrics, Consumer<OwnedDevice> onNewlyOnline, Redirector redirector) {
        this.config = config;
        this.passwords = passwords;
        this.authenticator = authenticator;
        this.registry = registry;
        this.metrics = metrics;
        this.onNewlyOnline = onNewlyOnline;
        this.redirector = redirector;
    }

    void handle(ServerTransaction tx) {
        SipRequest request = tx.request();
        String deviceId = request.from().user();
        if (!DeviceIds.isValid(deviceId)) {
            metrics.count("register.rejected.bad-id");
            reply(tx, 400, "Invalid device ID: not 20 digits");
            return;
        }
        RegisterParts parts = tx.prepared() instanceof RegisterParts p ? p : RegisterParts.of(request);
        if (parts.expiresError() != null) {
            metrics.count("register.rejected.bad-expires");
            reply(tx, 400, parts.expiresError());
            return;
        }
        int expires = parts.expires() < 0 ? config.defaultExpires() : Math.min(parts.expires(), config.maxExpires());
        passwords.passwordFor(deviceId).onComplete(ar -> {
            if (ar.failed()) {
                metrics.count("register.error.password-lookup");
                reply(tx, 500, "Password lookup failed");
                return;
            }
            AuthDecision decision = ar.result().isEmpty() ? AuthDecision.accept()
                    : authenticator.check(request, parts, tx.source().host(), boundHere(deviceId, tx), ar.result(),
                            System.currentTimeMillis());
            switch (decision.verdict()) {
                case ACCEPT -> {
                    if (expires == 0) {
                        unregister(tx, deviceId);
                    } else if (!redirected(tx, deviceId, expires)) {
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
        boolean refresh = registry.owned(deviceId) != null;
        Future<Boolean> written = registry.register(deviceId, tx.source(), contactOf(tx), expires);
        // answered at once; the cluster learns it with the next batch, and the event follows that
        metrics.count(refresh ? "register.refreshed" : "register.accepted");
        tx.endpoint().bind(tx.source()); // its TCP connection now carries a device: no idle timeout
        tx.respond(GatewayMessages.registered(tx.request(), Branches.tag(), userAgent(tx), now(), expires));
        written.onComplete(ar -> {
            if (ar.failed()) {
                metrics.count("register.error.registry");
                return;
            }
            OwnedDevice device = registry.owned(deviceId);
            if (ar.result() && device != null) {
                onNewlyOnline.accept(device);
            }
        });
    }

    /** Answers 302 when another gateway node is to serve the device (registration redirect); true then. */
    private boolean redirected(ServerTransaction tx, String deviceId, int expires) {
        Redirector.Decision decision = redirector.decide(deviceId, registry.owned(deviceId) != null);
        if (decision.servedDespiteRedirect()) {
            metrics.count("register.redirect.ignored");
        }
        if (!decision.redirect()) {
            return false;
        }
        metrics.count("register.redirected");
        tx.respond(GatewayMessages.redirect(tx.request(), Branches.tag(), userAgent(tx), now(), expires, config.sipId(),
                decision.target().sipHost(), decision.target().sipPort()));
        return true;
    }

    private void unregister(ServerTransaction tx, String deviceId) {
        registry.remove(deviceId, OfflineReason.UNREGISTERED).onComplete(ar -> {
            tx.respond(GatewayMessages.registered(tx.request(), Branches.tag(), userAgent(tx), now(), 0));
            metrics.count("register.unregistered");
            if (ar.succeeded() && ar.result()) {
                metrics.offline(OfflineReason.UNREGISTERED);
            }
        });
    }

    /**
     * Whether the REGISTER comes from where the device is registered on this node: a ban of its device ID
     * (earned by guesses from elsewhere) must not lock the registered device itself out.
     */
    private boolean boundHere(String deviceId, ServerTransaction tx) {
        var device = registry.owned(deviceId);
        return device != null && device.isBoundTo(tx.source());
    }

    /** Expires header, else the Contact's expires parameter, else our default; capped. */
    private static String contactOf(ServerTransaction tx) {
        return (tx.prepared() instanceof RegisterParts p ? p : RegisterParts.of(tx.request())).contact();
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
