package io.gbmesh.protocol.auth;

import io.gbmesh.protocol.auth.AuthParseException.Reason;

import java.util.Locale;
import java.util.Objects;

/**
 * A Digest challenge as carried by {@code WWW-Authenticate} in a {@code 401 Unauthorized}
 * (RFC 2617 §3.2.1, RFC 3261 §22.4; GB/T 28181 registration, reference notes §6.1).
 *
 * @param realm     the protection domain; for GB/T 28181 the platform's 10-digit domain, e.g. {@code 3402000000}
 * @param nonce     the server nonce, see {@link NonceAuthority}
 * @param algorithm the algorithm token as written; {@code MD5} when built here. Parsed challenges keep
 *                  whatever the server sent so that {@link DigestCalculator#answer} can refuse it.
 * @param qop       the raw {@code qop} option list (e.g. {@code auth} or {@code auth,auth-int}), or
 *                  {@code null} when the server offers none (the common GB/T 28181 case)
 * @param opaque    the {@code opaque} value to echo back, or {@code null}
 * @param stale     whether the previous request was refused only because its nonce was stale, so the
 *                  client may retry with the same password (RFC 2617 §3.2.1)
 */
public record DigestChallenge(String realm, String nonce, String algorithm, String qop, String opaque, boolean stale) {

    public static final String MD5 = "MD5";
    public static final String QOP_AUTH = "auth";

    public DigestChallenge {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** A challenge without qop, the form GB/T 28181 devices expect. */
    public static DigestChallenge of(String realm, String nonce) {
        return new DigestChallenge(realm, nonce, MD5, null, null, false);
    }

    /** This challenge additionally offering {@code qop="auth"} (RFC 2617 §3.2.1). */
    public DigestChallenge withQopAuth() {
        return new DigestChallenge(realm, nonce, algorithm, QOP_AUTH, opaque, stale);
    }

    public DigestChallenge withOpaque(String opaque) {
        return new DigestChallenge(realm, nonce, algorithm, qop, opaque, stale);
    }

    public DigestChallenge withStale(boolean stale) {
        return new DigestChallenge(realm, nonce, algorithm, qop, opaque, stale);
    }

    /** Whether {@code auth} is among the offered qop options. */
    public boolean offersQopAuth() {
        if (qop == null) {
            return false;
        }
        for (String option : qop.split(",")) {
            if (option.trim().equalsIgnoreCase(QOP_AUTH)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the algorithm is MD5, which is all this package computes (GB/T 28181 uses {@code md5} or {@code MD5}). */
    public boolean isMd5() {
        return algorithm.equalsIgnoreCase(MD5);
    }

    /**
     * The header value, e.g. {@code Digest realm="3402000000", nonce="...", algorithm=MD5}, followed by
     * {@code , qop="auth"}, {@code , opaque="..."} and {@code , stale=true} when they apply.
     */
    public String toHeaderValue() {
        StringBuilder out = new StringBuilder(128)
                .append("Digest realm=").append(AuthParams.quote(realm))
                .append(", nonce=").append(AuthParams.quote(nonce))
                .append(", algorithm=").append(algorithm);
        if (qop != null) {
            out.append(", qop=").append(AuthParams.quote(qop));
        }
        if (opaque != null) {
            out.append(", opaque=").append(AuthParams.quote(opaque));
        }
        if (stale) {
            out.append(", stale=true");
        }
        return out.toString();
    }

    /**
     * Parses a {@code WWW-Authenticate} or {@code Proxy-Authenticate} value. A missing {@code algorithm}
     * means MD5 (RFC 2617 §3.2.1); {@code stale} is true only for the token {@code true}, any case.
     *
     * @throws AuthParseException when the value is malformed or lacks {@code realm} or {@code nonce}
     *     ({@link Reason#BAD_SYNTAX})
     */
    public static DigestChallenge parse(String headerValue) throws AuthParseException {
        AuthParams params = AuthParams.parse(headerValue);
        String realm = params.get("realm");
        String nonce = params.get("nonce");
        if (realm == null || nonce == null) {
            throw new AuthParseException(Reason.BAD_SYNTAX, 0, "challenge without realm or nonce");
        }
        String algorithm = params.get("algorithm");
        String stale = params.get("stale");
        return new DigestChallenge(realm, nonce, algorithm == null ? MD5 : algorithm, params.get("qop"),
                params.get("opaque"), stale != null && stale.toLowerCase(Locale.ROOT).equals("true"));
    }
}
