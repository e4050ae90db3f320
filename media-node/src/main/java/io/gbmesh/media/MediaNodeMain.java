package io.gbmesh.media;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.runtime.MeshCluster;

/** Runs the media node role alone in its own JVM (one pod per role). */
public final class MediaNodeMain {
    private MediaNodeMain() {
    }

    public static void main(String[] args) {
        io.gbmesh.runtime.MeshCluster.ensureCallbackPool(); // before anything starts the common pool
        Env env = Env.system();
        MediaUrlToken urlTokens;
        try {
            urlTokens = MediaUrlToken.fromEnv(env);
        } catch (IllegalArgumentException e) {
            System.err.println("media node failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        MeshCluster.start(MeshCluster.Settings.fromEnv(env))
                .compose(vertx -> vertx.deployVerticle(new MediaNodeVerticle(MediaConfig.fromEnv(env), urlTokens)
                        .withPushPrefix(env.get("GB_PUSH_PREFIX", null))
                        .withPlaybackPushPrefix(env.get("GB_PUSH_PLAYBACK_PREFIX", null))
                        .withEventLoops(env.getInt("GB_MEDIA_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()))))
                .onFailure(err -> {
                    System.err.println("media node failed to start: " + err.getMessage());
                    System.exit(1);
                });
    }
}
