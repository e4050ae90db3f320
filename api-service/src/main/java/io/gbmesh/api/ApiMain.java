package io.gbmesh.api;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.runtime.MeshCluster;

/** Runs the API role alone in its own JVM (one pod per role). */
public final class ApiMain {
    private ApiMain() {
    }

    public static void main(String[] args) {
        io.gbmesh.runtime.MeshCluster.ensureCallbackPool(); // before anything starts the common pool
        Env env = Env.system();
        try {
            MediaUrlToken.fromEnv(env); // alone, the role must be given the mesh's secret: none is made up
        } catch (IllegalArgumentException e) {
            System.err.println("api-service failed to start: " + e.getMessage());
            System.exit(1);
        }
        MeshCluster.start(MeshCluster.Settings.fromEnv(env))
                .compose(vertx -> ApiRole.deploy(vertx, env))
                .onFailure(err -> {
                    System.err.println("api-service failed to start: " + err.getMessage());
                    System.exit(1);
                });
    }
}
