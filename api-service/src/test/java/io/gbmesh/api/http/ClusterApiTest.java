package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.ADMIN;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.GatewayPresence;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /cluster}: the gateways, media nodes and api replicas that run now, with their load. */
class ClusterApiTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("cluster");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsTheLiveGatewaysMediaNodesAndThisReplica() {
        AsyncMap<String, String> gateways = await(api.vertx.sharedData().getAsyncMap(Addresses.GATEWAYS_MAP));
        long now = System.currentTimeMillis();
        await(gateways.put("gw-b", MeshCodec.toJsonString(new GatewayPresence("gw-b", "10.0.0.2", 5060, 120, 1, now)), 60_000));
        await(gateways.put("gw-a", MeshCodec.toJsonString(new GatewayPresence("gw-a", "10.0.0.1", 5060, 80, 2, now)), 60_000));
        await(gateways.put("gw-bad", "{not json", 60_000));
        api.vertx.eventBus().publish(Addresses.MEDIA_LOAD,
                new MediaNodeLoad("media-1", "10.0.0.9", "http://10.0.0.9:8081", 3, 5, 900, 6000, 0.25, now));
        api.vertx.eventBus().publish(Addresses.MEDIA_LOAD,
                new MediaNodeLoad("media-old", "10.0.0.8", "http://10.0.0.8:8081", 0, 0, 1000, 0, 0, now - 600_000));

        TestApi.eventually(() -> api.send("GET", "/api/v1/cluster", null, ADMIN).json()
                .getJsonArray("mediaNodes").size() == 1, "the media node's report is heard");
        TestApi.eventually(() -> api.send("GET", "/api/v1/cluster", null, ADMIN).json()
                .getJsonArray("apiReplicas").size() == 1, "this replica announced itself");
        TestApi.Response r = api.send("GET", "/api/v1/cluster", null, ADMIN);
        assertEquals(200, r.status(), r.body());
        JsonObject cluster = r.json();
        JsonArray gws = cluster.getJsonArray("gateways");
        assertEquals(2, gws.size());
        assertEquals("gw-a", gws.getJsonObject(0).getString("nodeId"));
        assertEquals(80, gws.getJsonObject(0).getInteger("ownedDevices"));
        assertEquals(2.0, gws.getJsonObject(0).getDouble("weight"));
        assertEquals("10.0.0.2", gws.getJsonObject(1).getString("sipHost"));
        assertEquals(200, cluster.getLong("devicesOwned"));
        JsonObject media = cluster.getJsonArray("mediaNodes").getJsonObject(0);
        assertEquals("media-1", media.getString("nodeId"));
        assertEquals(3, media.getInteger("streams"));
        assertEquals(401, api.send("GET", "/api/v1/cluster", null, null).status());
    }
}
