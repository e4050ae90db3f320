package io.gbmesh.api;

import io.gbmesh.runtime.Env;

/** The API service's settings: {@code GB_HTTP_HOST} (default 0.0.0.0), {@code GB_HTTP_PORT} (default 8080). */
public record ApiConfig(String host, int port, long queryTimeoutMillis) {
    public static ApiConfig fromEnv(Env env) {
        return new ApiConfig(env.get("GB_HTTP_HOST", "0.0.0.0"), env.getInt("GB_HTTP_PORT", 8080),
                env.getInt("GB_QUERY_TIMEOUT_MS", 10_000) + env.getInt("GB_CATALOG_TIMEOUT_MS", 15_000) + 2_000L);
    }
}
