package io.gbmesh.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Map;

/**
 * Which password a device must prove: its own when one is set (at start-up, or at run time in the
 * cluster map {@value #MAP} by the API), else the global one; empty means no authentication.
 */
final class PasswordBook {
    static final String MAP = "gb.device.passwords";

    private final String global;
    private final Map<String, String> configured;
    private final AsyncMap<String, String> cluster;

    private PasswordBook(String global, Map<String, String> configured, AsyncMap<String, String> cluster) {
        this.global = global;
        this.configured = configured;
        this.cluster = cluster;
    }

    static Future<PasswordBook> open(Vertx vertx, GatewayConfig config) {
        return vertx.sharedData().<String, String>getAsyncMap(MAP)
                .map(map -> new PasswordBook(config.password(), config.passwords(), map));
    }

    Future<String> passwordFor(String deviceId) {
        String local = configured.get(deviceId);
        if (local != null) {
            return Future.succeededFuture(local);
        }
        return cluster.get(deviceId).map(p -> p != null ? p : global);
    }
}
