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
 * and the MQTT endpoint authenticated by the API's tokens. Used by {@link ApiMain} and by the
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
                .compose(streams -> vertx.deployVerticle(http.withRoutes(streams)))
                .compose(id -> {
                    MqttVerticle mqtt = new MqttVerticle(MqttConfig.fromEnv(env), token -> http.tokens().verify(token));
                    return vertx.deployVerticle(mqtt).map(v -> new ApiRole(http, mqtt));
                });
    }

    public int httpPort() {
        return http.port();
    }

    public int mqttPort() {
        return mqtt.port();
    }
}
