package io.gbmesh.gateway;

/**
 * What the registrar answers a REGISTER after looking at its credentials.
 *
 * @param challenge the WWW-Authenticate value for 401s
 * @param reason    the reason phrase for 400/403, and the counter name suffix
 */
record AuthDecision(Verdict verdict, String challenge, String reason) {
    enum Verdict {
        /** Credentials right, or no authentication configured. */
        ACCEPT,
        /** 401 with a fresh challenge (none given, a nonce we never issued, stale or replayed). */
        CHALLENGE,
        /** 403: a nonce we issued, with a wrong password. */
        FORBIDDEN,
        /** 400: credentials that cannot be read. */
        BAD_REQUEST
    }

    static AuthDecision accept() {
        return new AuthDecision(Verdict.ACCEPT, null, "ok");
    }
}
