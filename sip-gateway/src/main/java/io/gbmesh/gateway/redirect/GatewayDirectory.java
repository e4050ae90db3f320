package io.gbmesh.gateway.redirect;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.GatewayPresence;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live gateway nodes: every {@code periodMillis} this node writes its own {@link GatewayPresence}
 * into {@link Addresses#GATEWAYS_MAP} with a time to live of five periods, then reads the whole map
 * into a snapshot. A node that stops cleanly leaves at once; one that is killed drops out of every
 * snapshot within five periods (a node slowed by a long pause must not drop out and back in, moving
 * devices each time). The hot path ({@link #live()}) reads the snapshot, never the cluster.
 */
public final class GatewayDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayDirectory.class);

    private final Vertx vertx;
    private final AsyncMap<String, String> map;
    private final Supplier<GatewayPresence> self;
    private final long periodMillis;
    private volatile List<GatewayPresence> live = List.of();
    private long timer = -1;

    private GatewayDirectory(Vertx vertx, AsyncMap<String, String> map, Supplier<GatewayPresence> self, long periodMillis) {
        this.vertx = vertx;
        this.map = map;
        this.self = self;
        this.periodMillis = periodMillis;
    }

    /** Opens the map, announces this node once and reads the others before completing. */
    public static Future<GatewayDirectory> open(Vertx vertx, Supplier<GatewayPresence> self, long periodMillis) {
        return vertx.sharedData().<String, String>getAsyncMap(Addresses.GATEWAYS_MAP).compose(map -> {
            GatewayDirectory d = new GatewayDirectory(vertx, map, self, periodMillis);
            return d.refresh().map(v -> {
                d.timer = vertx.setPeriodic(periodMillis, id -> d.refresh());
                return d;
            });
        });
    }

    /** The gateway nodes alive at the last refresh, this one included, by node ID. */
    public List<GatewayPresence> live() {
        return live;
    }

    private Future<Void> refresh() {
        GatewayPresence me = self.get();
        return map.put(me.nodeId(), MeshCodec.toJsonString(me), 5 * periodMillis)
                .compose(v -> map.entries())
                .map(entries -> {
                    live = parse(entries);
                    return (Void) null;
                })
                .onFailure(e -> LOG.warn("gateway directory refresh failed: {}", e.toString()))
                .otherwiseEmpty();
    }

    private static List<GatewayPresence> parse(Map<String, String> entries) {
        List<GatewayPresence> out = new ArrayList<>(entries.size());
        for (String json : entries.values()) {
            try {
                out.add(MeshCodec.fromJson(json, GatewayPresence.class));
            } catch (RuntimeException e) {
                LOG.debug("unreadable gateway presence skipped: {}", e.toString());
            }
        }
        out.sort(Comparator.comparing(GatewayPresence::nodeId));
        return List.copyOf(out);
    }

    /** Leaves the directory at once (a clean stop), so that no device is sent here meanwhile. */
    public Future<Void> close() {
        vertx.cancelTimer(timer);
        return map.remove(self.get().nodeId()).mapEmpty();
    }
}
