package io.gbmesh.api;

import io.gbmesh.api.mqtt.MqttConfig;
import io.gbmesh.api.mqtt.MqttVerticle;
import io.gbmesh.api.streams.StreamApiRoutes;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.runtime.Env;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * The whole api-service role: the stream orchestrator, the HTTP API with the live-video endpoints,
 * and the MQTT endpoint authenticated by the API's tokens, which takes the offline devices' statuses
 * from the API's database at start. Used by {@link ApiMain} and by the
 * one-JVM launcher.
 */
public final class ApiRole {
    private final ApiVerticle http;
    private final MqttVerticle mqtt;

    private ApiRole(ApiVerticle http, MqttVerticle mqtt) {
        this.http = http;
        this.mqtt = mqtt;
    }

    public static Future<ApiRole> deploy(Vertx vertx, Env env) {
        ApiVerticle http = new ApiVerticle(ApiConfig.fromEnv(env));
        return StreamApiRoutes.start(vertx, StreamOrchestrator.StreamSettings.fromEnv(env))
                .compose(streams -> vertx.deployVerticle(http.withRoutes(streams).withRoutes(new io.gbmesh.api.talk.TalkRoutes(
                        io.gbmesh.runtime.MediaUrlToken.fromEnv(env), 3L * env.getInt("GB_MEDIA_LOAD_INTERVAL_MS", 2000) + 1000))
                        .withRoutes(new io.gbmesh.api.snapshots.SnapshotRoutes(io.gbmesh.api.snapshots.SnapshotSettings.fromEnv(env)))))
                .compose(id -> deployMqtt(vertx, env, MqttConfig.fromEnv(env), http));
    }

    /**
     * The MQTT endpoint on its port. When the port was not chosen ({@code GB_MQTT_PORT} unset) and
     * the default 1883 is held by a broker already running on the machine, a free port is taken
     * instead and said, so that the quick start still starts.
     */
    private static Future<ApiRole> deployMqtt(Vertx vertx, Env env, MqttConfig config, ApiVerticle http) {
        MqttVerticle mqtt = new MqttVerticle(config, token -> http.tokens().authenticate(token),
                () -> http.devices().offlineDevices());
        return vertx.deployVerticle(mqtt).map(v -> new ApiRole(http, mqtt)).recover(err -> {
            if (env.get("GB_MQTT_PORT", null) != null || config.port() == 0) {
                return Future.failedFuture(err);
            }
            System.out.println("gbmesh: MQTT port " + config.port() + " is taken (" + err.getMessage() + "); using a free one");
            return deployMqtt(vertx, env, config.withPort(0), http);
        });
    }

    public int httpPort() {
        return http.port();
    }

    public int mqttPort() {
        return mqtt.port();
    }
}
