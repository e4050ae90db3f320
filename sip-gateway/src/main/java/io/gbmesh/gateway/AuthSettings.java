package io.gbmesh.gateway;

import io.gbmesh.runtime.Env;

/**
 * Whether devices must authenticate, and how repeated failures are answered.
 *
 * @param required      {@code GB_SIP_AUTH} (default {@code on}); {@code off} lets a device without a
 *                      password of its own register without authentication, and the global
 *                      password is then not used
 * @param maxFailures   {@code GB_AUTH_MAX_FAILURES} (default 5): failed digests of one source address,
 *                      or of one device ID, within the window that start a ban (0: never ban)
 * @param windowSeconds {@code GB_AUTH_FAILURE_WINDOW_S} (default 300)
 * @param banSeconds    {@code GB_AUTH_BAN_S} (default 600): how long a ban lasts
 */
public record AuthSettings(boolean required, int maxFailures, int windowSeconds, int banSeconds) {
    static AuthSettings fromEnv(Env env) {
        String mode = env.get("GB_SIP_AUTH", "on").trim().toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("on") && !mode.equals("off")) {
            throw new IllegalArgumentException("GB_SIP_AUTH must be on or off, not " + mode);
        }
        return new AuthSettings(mode.equals("on"), Math.max(0, env.getInt("GB_AUTH_MAX_FAILURES", 5)),
                Math.max(1, env.getInt("GB_AUTH_FAILURE_WINDOW_S", 300)), Math.max(1, env.getInt("GB_AUTH_BAN_S", 600)));
    }
}
