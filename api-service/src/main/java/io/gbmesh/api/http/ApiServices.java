package io.gbmesh.api.http;

import io.gbmesh.api.ApiConfig;
import io.gbmesh.api.auth.ApiTokens;
import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.DeviceStore;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * What endpoint groups work with: the database and its stores, the live registry, the cluster map of
 * device passwords the gateways read, the tokens, the metrics.
 */
public record ApiServices(Vertx vertx, ApiConfig config, Database database, DeviceStore devices,
                          LiveRegistry registry, AsyncMap<String, String> devicePasswords, ApiTokens tokens,
                          ApiMetrics metrics) {
    /** The cluster map deviceId → HA1 of the device's own SIP password, which the gateways check registrations against. */
    public static final String DEVICE_PASSWORDS_MAP = "gb.device.passwords";
}
