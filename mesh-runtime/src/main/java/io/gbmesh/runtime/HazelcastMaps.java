package io.gbmesh.runtime;

import com.hazelcast.map.IMap;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The Hazelcast map behind a Vert.x cluster-wide async map of the same name, for the batch
 * operations Vert.x's {@code AsyncMap} lacks (many keys read or written in one call, one operation
 * per partition instead of one per key).
 */
public final class HazelcastMaps {
    private HazelcastMaps() {
    }

    /** The map {@code name} when {@code vertx} is clustered with Hazelcast; null otherwise (local maps). */
    public static <K, V> IMap<K, V> of(Vertx vertx, String name) {
        if (vertx.isClustered() && VertxLoops.clusterManager(vertx) instanceof HazelcastClusterManager manager) {
            return manager.getHazelcastInstance().getMap(name);
        }
        return null;
    }
}
