package io.gbmesh.api;

import io.gbmesh.runtime.Env;

/**
 * The API service's settings.
 *
 * @param host               {@code GB_HTTP_HOST}, default 0.0.0.0
 * @param port               {@code GB_HTTP_PORT}, default 8080 (0: any free port)
 * @param queryTimeoutMillis how long a device query may take end to end: the gateway's query and catalog
 *                           timeouts ({@code GB_QUERY_TIMEOUT_MS}, {@code GB_CATALOG_TIMEOUT_MS}) plus a margin
 * @param adminToken         {@code GB_ADMIN_TOKEN}: an admin bearer token to accept (stored hashed at start);
 *                           when unset and no token exists yet, one is generated and printed once
 * @param tokenCacheMillis   {@code GB_TOKEN_CACHE_MS}, default 30000: how long a verified token is trusted
 *                           without asking the database again (so a token revoked on another replica
 *                           stops working there within this time)
 * @param idleTimeoutSeconds {@code GB_HTTP_IDLE_TIMEOUT_S}, default 60 (0: none): an HTTP connection that
 *                           neither sends nor receives for this long is closed (a client that opens
 *                           connections and stalls does not keep them for ever; the alarm feed's
 *                           heartbeat keeps its connections busy)
 * @param env                the environment, for the database settings ({@code GB_PG_*}, see {@code Database})
 */
public record ApiConfig(String host, int port, long queryTimeoutMillis, String adminToken, long tokenCacheMillis,
                        int idleTimeoutSeconds, Env env) {
    public static ApiConfig fromEnv(Env env) {
        return new ApiConfig(env.get("GB_HTTP_HOST", "0.0.0.0"), env.getInt("GB_HTTP_PORT", 8080),
                env.getInt("GB_QUERY_TIMEOUT_MS", 10_000) + env.getInt("GB_CATALOG_TIMEOUT_MS", 15_000) + 2_000L,
                env.get("GB_ADMIN_TOKEN", null), env.getInt("GB_TOKEN_CACHE_MS", 30_000),
                Math.max(0, env.getInt("GB_HTTP_IDLE_TIMEOUT_S", 60)), env);
    }

    /** The digest realm devices' passwords are hashed in: the SIP domain the gateways use ({@code GB_SIP_DOMAIN}). */
    public String sipRealm() {
        return env.get("GB_SIP_DOMAIN", "3402000000");
    }
}
