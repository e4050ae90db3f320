package io.gbmesh.api.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which media nodes stopped reporting their load: a node heard from and then silent for
 * {@code staleMillis} is lost, said once (it is forgotten until it reports again). A node this
 * replica never heard from is never said lost: a replica that started after a node died leaves its
 * streams to the replicas that saw it. Not thread-safe: used on one context.
 */
final class SilentMediaNodes {
    private final Map<String, Long> lastHeard = new HashMap<>();
    private final long staleMillis;

    SilentMediaNodes(long staleMillis) {
        this.staleMillis = staleMillis;
    }

    void heard(String nodeId, long at) {
        lastHeard.merge(nodeId, at, Math::max);
    }

    /** The nodes silent since {@code now - staleMillis}, each once. */
    List<String> lostAt(long now) {
        List<String> lost = new ArrayList<>();
        lastHeard.entrySet().removeIf(e -> {
            if (e.getValue() + staleMillis < now) {
                lost.add(e.getKey());
                return true;
            }
            return false;
        });
        return lost;
    }
}
