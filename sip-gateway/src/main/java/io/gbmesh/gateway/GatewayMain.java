package io.gbmesh.gateway;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MeshCluster;

/**
 * Runs the SIP gateway role alone in its own JVM (one pod per role). Without {@code GB_SIP_PASSWORD}
 * (and without {@code GB_SIP_AUTH=off}) it refuses to start, saying so: unlike the quick start it does
 * not generate a password, because every gateway node must share the same one and a pod's data
 * directory is its own.
 */
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String[] args) {
        io.gbmesh.runtime.MeshCluster.ensureCallbackPool(); // before anything starts the common pool
        Env env = Env.system();
        MeshCluster.start(MeshCluster.Settings.fromEnv(env))
                .compose(vertx -> vertx.deployVerticle(new GatewayVerticle(GatewayConfig.fromEnv(env).withDefaultHttpPort(8082))))
                .onFailure(err -> {
                    System.err.println("gateway failed to start: " + err.getMessage());
                    System.exit(1);
                });
    }
}
