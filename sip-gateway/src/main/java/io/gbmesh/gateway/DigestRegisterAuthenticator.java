package io.gbmesh.gateway;

import io.gbmesh.contracts.AuthBan;
import io.gbmesh.protocol.auth.DigestCredentials;
import io.gbmesh.protocol.auth.DigestVerifier;
import io.gbmesh.protocol.auth.NonceAuthority;
import io.gbmesh.protocol.auth.NonceUseTracker;
import io.gbmesh.protocol.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * MD5 digest authentication of REGISTER (RFC 2617, GB/T 28181 §9.1.2): nonces are issued by us and
 * verifiable by every gateway node sharing {@code GB_NONCE_SECRET}; a nonce we never issued is
 * re-challenged, an expired or replayed one re-challenged with {@code stale=true}, a wrong password
 * refused with 403. Both a wrong password and a nonce we never issued count as failures in the
 * {@link AuthGuard}; a banned source or device ID is refused with 403 before its credentials are
 * even read, and a nonce spent by wrong responses is challenged afresh.
 */
final class DigestRegisterAuthenticator implements RegisterAuthenticator {
    private final DigestVerifier verifier;
    private final NonceUseTracker uses;
    private final AuthGuard guard;
    private final String realm;
    private final Consumer<String> count;
    private final Consumer<AuthBan> onBan;

    /**
     * @param count told the name of each counted event ({@code auth.refused}, {@code auth.banned})
     * @param onBan told of every ban a failure begins (to make it visible cluster-wide)
     */
    DigestRegisterAuthenticator(GatewayConfig config, AuthGuard guard, Consumer<String> count, Consumer<AuthBan> onBan) {
        this.guard = guard;
        this.count = count;
        this.onBan = onBan;
        this.realm = config.domain();
        Duration lifetime = Duration.ofSeconds(config.nonceLifetimeSeconds());
        NonceAuthority nonces = new NonceAuthority(secret(config), lifetime);
        this.uses = new NonceUseTracker(lifetime);
        this.verifier = new DigestVerifier(config.domain(), nonces, uses, config.digestQop());
    }

    /** Forgets the uses of nonces that expired anyway; called periodically. */
    void purge(long nowMillis) {
        uses.purgeExpired(nowMillis);
    }

    /** The configured secret, or one derived from the server's identity so that all its nodes agree. */
    private static byte[] secret(GatewayConfig config) {
        String seed = config.nonceSecret().isEmpty() ? "gbmesh-nonce|" + config.sipId() + "|" + config.domain() : config.nonceSecret();
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AuthDecision check(SipRequest register, RegisterParts parts, String source, boolean fromBoundAddress,
                              DeviceSecret secret, long nowMillis) {
        String deviceId = register.from().user();
        Optional<AuthBan> ban = guard.refusal(deviceId, source, fromBoundAddress, nowMillis);
        if (ban.isPresent()) {
            count.accept("auth.refused");
            return new AuthDecision(AuthDecision.Verdict.FORBIDDEN, null, "Too many failed authentications");
        }
        if (parts.authorization() == null) {
            return challenge(nowMillis, false, "none");
        }
        DigestCredentials credentials = parts.credentials();
        if (credentials == null) {
            return new AuthDecision(AuthDecision.Verdict.BAD_REQUEST, null, "Bad Authorization header");
        }
        if (credentials.nonce() != null && guard.nonceSpent(credentials.nonce())) {
            return challenge(nowMillis, false, "spent_nonce");
        }
        String ha1 = credentials.username() == null ? null : secret.ha1For(credentials.username(), realm);
        DigestVerifier.Outcome outcome = verifier.verifyHa1(register.method(), credentials, ha1, nowMillis);
        if (outcome == DigestVerifier.Outcome.WRONG_PASSWORD) {
            guard.nonceFailed(credentials.nonce());
        }
        if (outcome == DigestVerifier.Outcome.WRONG_PASSWORD || outcome == DigestVerifier.Outcome.UNKNOWN_NONCE) {
            for (AuthBan begun : guard.failed(deviceId, source, nowMillis)) {
                count.accept("auth.banned");
                onBan.accept(begun);
            }
        } else if (outcome.accepted()) {
            guard.succeeded(deviceId);
        }
        return switch (outcome.sipStatus()) {
            case 200 -> AuthDecision.accept();
            case 403 -> new AuthDecision(AuthDecision.Verdict.FORBIDDEN, null, "Wrong password");
            case 400 -> new AuthDecision(AuthDecision.Verdict.BAD_REQUEST, null, "Incomplete digest credentials");
            default -> challenge(nowMillis, outcome.staleChallenge(), outcome.name().toLowerCase(java.util.Locale.ROOT));
        };
    }

    private AuthDecision challenge(long nowMillis, boolean stale, String why) {
        return new AuthDecision(AuthDecision.Verdict.CHALLENGE, verifier.challenge(nowMillis, stale).toHeaderValue(), why);
    }
}
