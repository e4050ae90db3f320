package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaNodeLoad;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The media nodes alive in the mesh, from their periodic load reports; the least loaded one
 * (fewest streams, then most free ports) takes the next stream. A node silent for three report
 * intervals is forgotten.
 */
final class MediaNodes {
    private final Map<String, MediaNodeLoad> nodes = new ConcurrentHashMap<>();
    private final long staleMillis;

    MediaNodes(long staleMillis) {
        this.staleMillis = staleMillis;
    }

    void report(MediaNodeLoad load) {
        nodes.put(load.nodeId(), load);
    }

    Optional<MediaNodeLoad> leastLoaded(long now) {
        nodes.values().removeIf(n -> n.at() + staleMillis < now);
        return nodes.values().stream()
                .filter(n -> n.freePorts() > 0)
                .min(Comparator.comparingInt(MediaNodeLoad::streams).thenComparing(n -> -n.freePorts()));
    }

    Optional<MediaNodeLoad> get(String nodeId) {
        return Optional.ofNullable(nodes.get(nodeId));
    }

    boolean any() {
        return !nodes.isEmpty();
    }
}
