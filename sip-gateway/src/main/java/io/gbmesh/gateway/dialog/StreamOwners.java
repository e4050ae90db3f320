package io.gbmesh.gateway.dialog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The cluster-wide map streamId → the gateway node holding the stream's dialog, so that a
 * {@link io.gbmesh.contracts.CloseStream} taken by any node reaches the owner. The dialogs
 * themselves stay in the owner's memory.
 */
final class StreamOwners {
    /** Name of the cluster-wide map streamId → gateway node ID. */
    static final String MAP = "gb.gateway.dialogs";

    private final Future<AsyncMap<String, String>> owners;

    StreamOwners(Vertx vertx) {
        this.owners = vertx.sharedData().getAsyncMap(MAP);
    }

    /** Completes once the map is reachable. */
    Future<Void> ready() {
        return owners.mapEmpty();
    }

    Future<String> owner(String streamId) {
        return owners.compose(map -> map.get(streamId));
    }

    Future<Void> claim(String streamId, String nodeId) {
        return owners.compose(map -> map.put(streamId, nodeId));
    }

    /** Forgets the stream only if this node still owns it. */
    Future<Boolean> release(String streamId, String nodeId) {
        return owners.compose(map -> map.removeIfPresent(streamId, nodeId));
    }
}
