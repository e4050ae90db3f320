package io.gbmesh.protocol.auth;

import java.util.Objects;

/**
 * Checks a request's Digest credentials on the registrar's side and says how to answer
 * (RFC 2617 §3.2.2–3.3, RFC 3261 §22.1–22.4, GB/T 28181 registration as in reference notes §6.1–6.2).
 *
 * <p>Typical use for a {@code REGISTER}:
 * <pre>{@code
 * String authorization = request.header("Authorization");
 * if (authorization == null) -> 401 with WWW-Authenticate: verifier.challenge(now, false).toHeaderValue()
 * DigestCredentials credentials;
 * try { credentials = DigestCredentials.parse(authorization); }
 * catch (AuthParseException e) -> 400 Bad Request
 * String password = passwords.lookup(credentials.username());   // not necessarily the From user
 * Outcome outcome = verifier.verify("REGISTER", credentials, password, now);
 * switch on outcome.sipStatus():
 *   200 -> accept the registration
 *   401 -> 401 with verifier.challenge(now, outcome.staleChallenge()).toHeaderValue()
 *   403 -> 403 Forbidden
 *   400 -> 400 Bad Request
 * }</pre>
 *
 * <p>The {@code digest-uri} is not compared with the Request-URI: GB/T 28181 devices disagree on its
 * form, and since it is inside the hash it cannot be altered without the password anyway.
 *
 * <p>Replay protection is per node ({@link NonceUseTracker} is local). A captured no-qop
 * {@code Authorization} replayed to another node of the cluster within the nonce lifetime is not
 * detected unless the devices' traffic sticks to one node.
 *
 * <p>Thread-safe; one instance serves the whole registrar.
 */
public final class DigestVerifier {

    /** The result of {@link #verify}, with the SIP response the registrar sends for it. */
    public enum Outcome {
        /** The credentials are right and the nonce fresh and unused: proceed (e.g. {@code 200 OK} to REGISTER). */
        OK(200, false),
        /**
         * The response is right but the nonce expired or was already used (replay, or a retransmission
         * after success): {@code 401} with a fresh challenge carrying {@code stale=true}, on which a device
         * recomputes silently with the same password (RFC 2617 §3.2.1).
         */
        STALE_NONCE(401, true),
        /**
         * The nonce is not one the cluster issued (another platform's, a different secret, tampered, or
         * from the future): {@code 401} with a fresh challenge without {@code stale}. Worth counting.
         */
        UNKNOWN_NONCE(401, false),
        /** The nonce is ours but the response does not match the password: {@code 403 Forbidden}. */
        WRONG_PASSWORD(403, false),
        /**
         * The credentials are for another realm (a device configured with the wrong SIP domain):
         * {@code 401} with a fresh challenge naming our realm (RFC 3261 §22.1).
         */
        REALM_MISMATCH(401, false),
        /**
         * {@code algorithm} is neither absent, {@code MD5} nor {@code md5} (e.g. {@code SHA-256},
         * {@code MD5-sess}): {@code 401} with a fresh challenge, which offers MD5.
         */
        UNSUPPORTED_ALGORITHM(401, false),
        /** {@code qop} is present but not {@code auth} (e.g. {@code auth-int}): {@code 401} with a fresh challenge. */
        UNSUPPORTED_QOP(401, false),
        /**
         * A required field is missing or ill-formed (username, realm, nonce, uri, a 32-hex-digit response;
         * with qop also an 8-hex-digit nc above zero and a cnonce), or no password is known:
         * {@code 400 Bad Request}.
         */
        MALFORMED(400, false);

        private final int sipStatus;
        private final boolean staleChallenge;

        Outcome(int sipStatus, boolean staleChallenge) {
            this.sipStatus = sipStatus;
            this.staleChallenge = staleChallenge;
        }

        /** The SIP status code to answer with: 200 (accept), 400, 401 (re-challenge) or 403. */
        public int sipStatus() {
            return sipStatus;
        }

        /** Whether the re-challenge must carry {@code stale=true}. */
        public boolean staleChallenge() {
            return staleChallenge;
        }

        public boolean accepted() {
            return this == OK;
        }
    }

    private final String realm;
    private final NonceAuthority nonces;
    private final NonceUseTracker uses;
    private final boolean offerQopAuth;

    /** A verifier whose challenges offer no qop, as GB/T 28181 devices expect. */
    public DigestVerifier(String realm, NonceAuthority nonces, NonceUseTracker uses) {
        this(realm, nonces, uses, false);
    }

    /**
     * @param realm        our realm, e.g. the platform's 10-digit domain {@code 3402000000}
     * @param offerQopAuth whether {@link #challenge} offers {@code qop="auth"}; credentials with or
     *                     without qop are verified either way
     */
    public DigestVerifier(String realm, NonceAuthority nonces, NonceUseTracker uses, boolean offerQopAuth) {
        this.realm = Objects.requireNonNull(realm, "realm");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.uses = Objects.requireNonNull(uses, "uses");
        this.offerQopAuth = offerQopAuth;
    }

    /** A fresh challenge for a {@code 401}, with {@code stale=true} when {@code stale}. */
    public DigestChallenge challenge(long nowMillis, boolean stale) {
        DigestChallenge challenge = DigestChallenge.of(realm, nonces.issue(nowMillis)).withStale(stale);
        return offerQopAuth ? challenge.withQopAuth() : challenge;
    }

    /**
     * Verifies {@code credentials} sent with a request of {@code method} against the plain password.
     *
     * @param password the password of {@code credentials.username()}, or {@code null} if unknown
     *                 (answered {@link Outcome#MALFORMED}; a registrar that prefers 403 can check first)
     */
    public Outcome verify(String method, DigestCredentials credentials, String password, long nowMillis) {
        Outcome shape = checkShape(credentials);
        if (shape != null) {
            return shape;
        }
        if (password == null) {
            return Outcome.MALFORMED;
        }
        return verifyShaped(method, credentials, DigestCalculator.ha1(credentials.username(), realm, password), nowMillis);
    }

    /**
     * As {@link #verify}, for a registrar that stores {@code HA1 = MD5(username:realm:password)}
     * instead of the password.
     */
    public Outcome verifyHa1(String method, DigestCredentials credentials, String ha1, long nowMillis) {
        Outcome shape = checkShape(credentials);
        if (shape != null) {
            return shape;
        }
        if (ha1 == null) {
            return Outcome.MALFORMED;
        }
        return verifyShaped(method, credentials, ha1, nowMillis);
    }

    private Outcome verifyShaped(String method, DigestCredentials credentials, String ha1, long nowMillis) {
        String nonce = credentials.nonce();
        NonceStatus status = nonces.check(nonce, nowMillis);
        if (status == NonceStatus.FORGED) {
            return Outcome.UNKNOWN_NONCE;
        }
        // The password is checked before staleness: RFC 2617 §3.2.1 sets stale=true only when the
        // digest itself was valid, so a wrong password is never invited to retry silently.
        String expected = DigestCalculator.expectedResponse(credentials, method, ha1);
        if (!DigestCalculator.constantTimeEquals(expected, credentials.response())) {
            return Outcome.WRONG_PASSWORD;
        }
        if (status == NonceStatus.STALE) {
            return Outcome.STALE_NONCE;
        }
        long nc = credentials.qop() == null ? NonceUseTracker.NO_QOP : Long.parseLong(credentials.nc(), 16);
        return uses.recordUse(nonce, nonces.issuedAtMillis(nonce), nc, nowMillis) ? Outcome.OK : Outcome.STALE_NONCE;
    }

    /** The checks that need no secret, in the order a client would fix them; {@code null} when all pass. */
    private Outcome checkShape(DigestCredentials c) {
        if (c == null || c.username() == null || c.realm() == null || c.nonce() == null || c.uri() == null
                || !isHex(c.response(), 32)) {
            return Outcome.MALFORMED;
        }
        if (c.algorithm() != null && !c.algorithm().equalsIgnoreCase(DigestChallenge.MD5)) {
            return Outcome.UNSUPPORTED_ALGORITHM;
        }
        if (c.qop() != null) {
            if (!c.qop().equalsIgnoreCase(DigestChallenge.QOP_AUTH)) {
                return Outcome.UNSUPPORTED_QOP;
            }
            if (!isHex(c.nc(), 8) || Long.parseLong(c.nc(), 16) == 0 || c.cnonce() == null) {
                return Outcome.MALFORMED;
            }
        }
        if (!c.realm().equals(realm)) {
            return Outcome.REALM_MISMATCH;
        }
        return null;
    }

    private static boolean isHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }
}
