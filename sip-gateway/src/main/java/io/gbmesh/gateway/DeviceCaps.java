package io.gbmesh.gateway;

import io.gbmesh.runtime.Env;

/**
 * What one device may make the gateway hold: channels kept from its catalog ({@code GB_MAX_CHANNELS}),
 * pages taken for one catalog answer ({@code GB_MAX_CATALOG_PAGES}) and queries waiting for its answer
 * ({@code GB_MAX_PENDING_QUERIES}). A device that announces SumNum=10^9 or sends pages without end
 * costs at most these, not the gateway's memory.
 */
public record DeviceCaps(int maxChannels, int maxCatalogPages, int maxPendingQueries) {
    public static final DeviceCaps DEFAULT = new DeviceCaps(10_000, 10_000, 32);

    public DeviceCaps {
        if (maxChannels < 1 || maxCatalogPages < 1 || maxPendingQueries < 1) {
            throw new IllegalArgumentException("device caps must be at least 1");
        }
    }

    static DeviceCaps fromEnv(Env env) {
        return new DeviceCaps(env.getInt("GB_MAX_CHANNELS", DEFAULT.maxChannels()),
                env.getInt("GB_MAX_CATALOG_PAGES", DEFAULT.maxCatalogPages()),
                env.getInt("GB_MAX_PENDING_QUERIES", DEFAULT.maxPendingQueries()));
    }
}
