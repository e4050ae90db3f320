package io.gbmesh.gateway;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestCredentials;
import io.gbmesh.protocol.auth.DigestVerifier;
import io.gbmesh.protocol.auth.NonceAuthority;
import io.gbmesh.protocol.auth.NonceUseTracker;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/**
 * MD5 digest authentication of REGISTER (RFC 2617, GB/T 28181 §9.1.2): nonces are issued by us and
 * verifiable by every gateway node sharing {@code GB_NONCE_SECRET}; a nonce we never issued is
 * re-challenged, an expired or replayed one re-challenged with {@code stale=true}, a wrong password
 * refused with 403.
 */
final class DigestRegisterAuthenticator implements RegisterAuthenticator {
    private final DigestVerifier verifier;
    private final NonceUseTracker uses;

    DigestRegisterAuthenticator(GatewayConfig config) {
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
    public AuthDecision check(SipRequest register, String password, long nowMillis) {
        Optional<String> header = register.first(SipHeaderNames.AUTHORIZATION);
        if (header.isEmpty()) {
            return challenge(nowMillis, false, "none");
        }
        DigestCredentials credentials;
        try {
            credentials = DigestCredentials.parse(header.get());
        } catch (AuthParseException e) {
            return new AuthDecision(AuthDecision.Verdict.BAD_REQUEST, null, "Bad Authorization header");
        }
        DigestVerifier.Outcome outcome = verifier.verify(register.method(), credentials, password, nowMillis);
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
