package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DevicePasswordChanged;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a device must prove: its own password when one is set (at start-up with
 * {@code GB_DEVICE_PASSWORDS}, or at run time as an HA1 in the cluster map
 * {@link Addresses#PASSWORDS_MAP}), else the global one ({@code GB_SIP_PASSWORD}, not used when
 * {@code GB_SIP_AUTH=off}); {@link DeviceSecret#NONE} means no authentication. The cluster's HA1s are
 * copied locally at start and kept current from {@link DevicePasswordChanged} events, so a REGISTER
 * is checked without a cluster round trip. Anything in the map that is not an HA1 (a plaintext
 * password left by an older version) is ignored: passwords never live in the cluster.
 */
final class PasswordBook {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordBook.class);

    private final DeviceSecret global;
    private final Map<String, String> configured;
    private final Map<String, String> cluster = new ConcurrentHashMap<>();

    private PasswordBook(DeviceSecret global, Map<String, String> configured) {
        this.global = global;
        this.configured = configured;
    }

    static Future<PasswordBook> open(Vertx vertx, GatewayConfig config) {
        DeviceSecret global = config.auth().required() ? DeviceSecret.plain(config.password()) : DeviceSecret.NONE;
        PasswordBook book = new PasswordBook(global, config.passwords());
        Future<Void> listening = vertx.eventBus().<Object>consumer(Addresses.DEVICE_PASSWORD, m -> {
            if (m.body() instanceof DevicePasswordChanged change) {
                book.apply(change);
            }
        }).completion();
        return listening
                .compose(v -> vertx.sharedData().<String, String>getAsyncMap(Addresses.PASSWORDS_MAP))
                .compose(map -> map.entries())
                .map(entries -> {
                    entries.forEach((id, ha1) -> {
                        if (DeviceSecret.isHa1(ha1)) {
                            book.cluster.putIfAbsent(id, ha1.toLowerCase(Locale.ROOT));
                        }
                    });
                    if (book.cluster.size() < entries.size()) {
                        LOG.warn("ignored {} entries of {} that are not HA1s", entries.size() - book.cluster.size(),
                                Addresses.PASSWORDS_MAP);
                    }
                    return book;
                });
    }

    void apply(DevicePasswordChanged change) {
        if (change.ha1() == null || change.ha1().isEmpty()) {
            cluster.remove(change.deviceId());
        } else if (DeviceSecret.isHa1(change.ha1())) {
            cluster.put(change.deviceId(), change.ha1().toLowerCase(Locale.ROOT));
        }
    }

    Future<DeviceSecret> passwordFor(String deviceId) {
        String local = configured.get(deviceId);
        if (local != null) {
            return Future.succeededFuture(DeviceSecret.plain(local));
        }
        String ha1 = cluster.get(deviceId);
        return Future.succeededFuture(ha1 != null ? DeviceSecret.ofHa1(ha1) : global);
    }
}
