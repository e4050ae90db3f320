package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DevicePasswordChanged;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which password a device must prove: its own when one is set (at start-up with
 * {@code GB_DEVICE_PASSWORDS}, or at run time in the cluster map {@link Addresses#PASSWORDS_MAP}),
 * else the global one; empty means no authentication. The cluster's per-device passwords are
 * copied locally at start and kept current from {@link DevicePasswordChanged} events, so a
 * REGISTER is checked without a cluster round trip.
 */
final class PasswordBook {
    private final String global;
    private final Map<String, String> configured;
    private final Map<String, String> cluster = new ConcurrentHashMap<>();

    private PasswordBook(String global, Map<String, String> configured) {
        this.global = global;
        this.configured = configured;
    }

    static Future<PasswordBook> open(Vertx vertx, GatewayConfig config) {
        PasswordBook book = new PasswordBook(config.password(), config.passwords());
        Future<Void> listening = vertx.eventBus().<Object>consumer(Addresses.DEVICE_PASSWORD, m -> {
            if (m.body() instanceof DevicePasswordChanged change) {
                book.apply(change);
            }
        }).completion();
        return listening
                .compose(v -> vertx.sharedData().<String, String>getAsyncMap(Addresses.PASSWORDS_MAP))
                .compose(map -> map.entries())
                .map(entries -> {
                    entries.forEach(book.cluster::putIfAbsent);
                    return book;
                });
    }

    void apply(DevicePasswordChanged change) {
        if (change.password() == null || change.password().isEmpty()) {
            cluster.remove(change.deviceId());
        } else {
            cluster.put(change.deviceId(), change.password());
        }
    }

    Future<String> passwordFor(String deviceId) {
        String local = configured.get(deviceId);
        if (local == null) {
            local = cluster.get(deviceId);
        }
        return Future.succeededFuture(local != null ? local : global);
    }
}
