package io.gbmesh.api.mqtt;

import static io.gbmesh.testing.Await.await;

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
        await(vertx.close(), 15_000);
    }

    void startEndpoint(MqttConfig config) {
        await(await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP)).clear(), 15_000);
        endpoint = new MqttVerticle(config, MqttTestSupport.VERIFIER);
        deployment = await(vertx.deployVerticle(endpoint), 15_000);
    }

    @AfterEach
    void undeployEndpoint() {
        if (deployment != null) {
            await(vertx.undeploy(deployment), 15_000);
            deployment = null;
        }
    }
}
