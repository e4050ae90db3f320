package io.gbmesh.api.http;

import io.vertx.ext.web.Router;

/**
 * A group of endpoints under {@code /api/v1}. The router given to {@link #mount} is already behind
 * bearer authentication (a read-scope token reaches only {@code GET}s), has the request body read
 * (bounded) and turns a thrown or failed {@link ApiProblem} into its problem document; paths are
 * relative to {@code /api/v1}. The device and token groups are mounted by the API verticle; others —
 * the streams — are added beside them with {@code ApiVerticle.withRoutes}.
 */
public interface ApiRoutes {
    void mount(Router v1, ApiServices services);

    /**
     * Endpoints outside bearer authentication and the bounded body reading, mounted on the root router
     * ahead of {@code /api/v1} (full paths): those that check a credential of their own, as the snapshot
     * upload URLs given to devices do. None by default.
     */
    default void mountOpen(Router root, ApiServices services) {
    }
}
