package io.gbmesh.gateway.redirect;

import io.gbmesh.runtime.Env;

/**
 * Registration redirect settings.
 *
 * @param mode   {@code GB_REDIRECT}: {@code off} (default), {@code hash} or {@code least-loaded}
 * @param tries  {@code GB_REDIRECT_TRIES} (default 2): redirects given to one device before a device
 *               that keeps registering here anyway (2011/2016 firmware ignores {@code 302}) is served here
 * @param weight {@code GB_GATEWAY_WEIGHT} (default 1): this node's share of the devices relative to the others
 * @param presenceMillis {@code GB_GATEWAY_PRESENCE_MS} (default 5000): how often a node renews its entry in the
 *               directory of live gateways; it drops out five periods after it stopped renewing
 */
public record RedirectSettings(RedirectPolicy.Mode mode, int tries, double weight, long presenceMillis) {
    public RedirectSettings {
        if (tries < 0 || !(weight > 0) || presenceMillis < 100) {
            throw new IllegalArgumentException("GB_REDIRECT_TRIES must be >= 0, GB_GATEWAY_WEIGHT > 0 and GB_GATEWAY_PRESENCE_MS >= 100");
        }
    }

    public static RedirectSettings fromEnv(Env env) {
        return new RedirectSettings(RedirectPolicy.Mode.parse(env.get("GB_REDIRECT", "off")),
                env.getInt("GB_REDIRECT_TRIES", 2), Double.parseDouble(env.get("GB_GATEWAY_WEIGHT", "1")),
                env.getInt("GB_GATEWAY_PRESENCE_MS", 5000));
    }

    public boolean enabled() {
        return mode != RedirectPolicy.Mode.OFF;
    }
}
