package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.store.ApiReplicas;
import io.gbmesh.api.store.TestPostgres;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DownloadProgress;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two api-service replicas and the gateway and media-node side of the mesh ({@link ScriptedMesh}) in
 * one Hazelcast cluster on loopback: the download table is the cluster's, so a download started
 * through one replica is listed, shown, served and stopped through the other, also once the first
 * one is gone.
 */
@Timeout(180)
class DownloadReplicasTest {
    private static final String ADMIN = "gbm_downloads-admin-0123456789abcdef";
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ApiReplicas replicas;
    private Vertx meshSide;
    private ScriptedMesh mesh;

    @BeforeEach
    void cluster() {
        replicas = new ApiReplicas("download_replicas", ADMIN, 26701);
        meshSide = member();
        mesh = TestPostgres.await(ScriptedMesh.start(meshSide));
        replicas.registered(meshSide, DEVICE, "gw-scripted");
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    private Vertx member() {
        return replicas.member();
    }

    private ApiRole replica(Vertx vertx) {
        return replicas.replica(vertx);
    }

    private HttpResponse<String> call(ApiRole replica, String method, String path, JsonObject body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/api/v1" + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode())).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a download through a replica, once the replica has heard from the media node. */
    private JsonObject download(ApiRole replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long start = System.currentTimeMillis() / 1000 - 3600;
        while (true) {
            HttpResponse<String> r = call(replica, "POST", "/devices/" + DEVICE + "/channels/" + CHANNEL + "/downloads",
                    new JsonObject().put("start", start).put("end", start + 60).put("speed", 8));
            if (r.statusCode() == 201) {
                return new JsonObject(r.body());
            }
            // 503 until the replica received the node's first load report
            assertTrue(r.statusCode() == 503 && System.nanoTime() < deadline, r.statusCode() + " " + r.body());
            Thread.sleep(100);
        }
    }

    private static JsonArray items(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items");
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private JsonObject shown(ApiRole replica, String id) {
        try {
            HttpResponse<String> r = call(replica, "GET", "/downloads/" + id, null);
            return r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject();
        } catch (Exception e) {
            return new JsonObject();
        }
    }

    @Test
    void aDownloadIsListedShownServedAndStoppedThroughAnyReplicaAlsoOnceItsOwnIsGone() throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        ApiRole b = replica(member());
        String id = download(a).getString("downloadId");

        JsonArray onB = items(call(b, "GET", "/downloads", null));
        assertEquals(1, onB.size(), onB.encode());
        assertEquals(id, onB.getJsonObject(0).getString("downloadId"));
        assertEquals("running", onB.getJsonObject(0).getString("state"));

        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 30_000, 900_000,
                1_000_000, false, null, null, System.currentTimeMillis()));
        waitUntil("the progress seen through the other replica", () -> shown(b, id).getDouble("progress", 0.0) == 0.5);

        replicas.leave(first);

        JsonObject shownOnB = shown(b, id);
        assertEquals("running", shownOnB.getString("state"), shownOnB.encode());
        assertEquals(30.0, shownOnB.getDouble("mediaSeconds"));
        assertEquals(900_000L, shownOnB.getLong("bytes"));
        assertEquals(1, items(call(b, "GET", "/downloads", null)).size());
        HttpResponse<String> file = call(b, "GET", "/downloads/" + id + "/file", null);
        assertEquals(302, file.statusCode(), file.body());
        String location = file.headers().firstValue("Location").orElse("");
        assertTrue(location.startsWith("http://127.0.0.1:9/downloads/" + id + ".mp4?token="), location);

        assertEquals(202, call(b, "DELETE", "/downloads/" + id, null).statusCode());
        waitUntil("the BYE and the port closed", () -> mesh.byes.contains(id) && mesh.portsClosed.contains(id));
        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 31_000, 930_000,
                1_000_000, true, "closed-by-user", null, System.currentTimeMillis()));
        waitUntil("stopped", () -> "stopped".equals(shown(b, id).getString("state")));
        assertEquals(404, call(b, "GET", "/downloads/nope", null).statusCode());
    }

    @Test
    void everyReplicaListsTheDownloadsOfBoth() throws Exception {
        ApiRole a = replica(member());
        ApiRole b = replica(member());
        String onA = download(a).getString("downloadId");
        String onB = download(b).getString("downloadId");
        for (ApiRole r : List.of(a, b)) {
            JsonArray all = items(call(r, "GET", "/downloads", null));
            assertEquals(2, all.size(), all.encode());
            assertTrue(all.encode().contains(onA) && all.encode().contains(onB), all.encode());
        }
    }
}
