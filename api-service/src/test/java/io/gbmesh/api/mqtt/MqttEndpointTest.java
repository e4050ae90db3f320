package io.gbmesh.api.mqtt;

import static io.gbmesh.api.mqtt.MqttTestSupport.await;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of an endpoint of its own per test, over an empty device registry, in one Vert.x (with the
 * mesh's codec) for the class. A subclass's own {@code @AfterEach} (disconnecting its clients) runs
 * before the endpoint is undeployed.
 */
abstract class MqttEndpointTest {
    static Vertx vertx;
    MqttVerticle endpoint;
    private String deployment;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
    }

    @AfterAll
    static void closeVertx() {
        await(vertx.close());
    }

    void startEndpoint(MqttConfig config) {
        await(await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP)).clear());
        endpoint = new MqttVerticle(config, MqttTestSupport.VERIFIER);
        deployment = await(vertx.deployVerticle(endpoint));
    }

    @AfterEach
    void undeployEndpoint() {
        if (deployment != null) {
            await(vertx.undeploy(deployment));
            deployment = null;
        }
    }
}
