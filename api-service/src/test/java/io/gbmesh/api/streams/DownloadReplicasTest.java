package io.gbmesh.api.streams;

import io.gbmesh.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.store.ApiReplicas;
import io.gbmesh.api.store.TestPostgres;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DownloadProgress;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two api-service replicas and the gateway and media-node side of the mesh ({@link ScriptedMesh}) in
 * one Hazelcast cluster on loopback: the download table is the cluster's, so a download started
 * through one replica is listed, shown, served and stopped through the other, also once the first
 * one is gone; a download whose replica leaves while it starts ends failed (its replica lost) on the
 * other, and one whose stream outlives its replica is taken over by the other and finishes.
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
        Await.eventually("the progress seen through the other replica", () -> shown(b, id).getDouble("progress", 0.0) == 0.5);

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
        Await.eventually("the BYE and the port closed", () -> mesh.byes.contains(id) && mesh.portsClosed.contains(id));
        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 31_000, 930_000,
                1_000_000, true, "closed-by-user", null, System.currentTimeMillis()));
        Await.eventually("stopped", () -> "stopped".equals(shown(b, id).getString("state")));
        assertEquals(404, call(b, "GET", "/downloads/nope", null).statusCode());
    }

    /** The download's entry as the cluster map keeps it. */
    private JsonObject kept(String id) {
        AsyncMap<String, String> map = TestPostgres.await(meshSide.sharedData().getAsyncMap(Addresses.DOWNLOADS_MAP));
        String json = TestPostgres.await(map.get(id));
        return json == null ? new JsonObject() : new JsonObject(json);
    }

    private static String nodeId(Vertx member) {
        return ((VertxInternal) member).clusterManager().getNodeId();
    }

    /** A download asked of a replica, its answer to come (at its first frame). */
    private CompletableFuture<HttpResponse<String>> downloadAsked(ApiRole replica) {
        long start = System.currentTimeMillis() / 1000 - 7200;
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/api/v1/devices/"
                        + DEVICE + "/channels/" + CHANNEL + "/downloads"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("start", start).put("end", start + 60)
                        .put("speed", 4).encode())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer to come of the download {@link #queuedDownload} asked for. */
    private CompletableFuture<HttpResponse<String>> asked;

    /**
     * A second download asked of {@code a} (the first makes the node known to it), the device's answer held:
     * its stream ID, once it is listed queued through {@code b}.
     */
    private String queuedDownload(ApiRole a, ApiRole b) throws Exception {
        download(a);
        mesh.holdAnswers();
        asked = downloadAsked(a);
        Await.eventually("the INVITE of the second download", () -> mesh.invites.size() == 2);
        String id = mesh.invites.get(1).streamId();
        Await.eventually("the download listed queued through the other replica", () -> "queued".equals(shown(b, id).getString("state")));
        return id;
    }

    @Test
    void aDownloadStoppedWhileQueuedIsStoppedOnceItsStreamStarts() throws Exception {
        ApiRole a = replica(member());
        ApiRole b = replica(member());
        String id = queuedDownload(a, b);

        assertEquals(202, call(b, "DELETE", "/downloads/" + id, null).statusCode());
        mesh.releaseAnswers();
        assertEquals(201, asked.get(10, TimeUnit.SECONDS).statusCode());
        Await.eventually("its stream stopped: BYE and port closed", () -> mesh.dialogsEnded.contains(id) && mesh.portsClosed.contains(id));
        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 1_000, 30_000,
                40_000, true, "closed-by-user", null, System.currentTimeMillis()));
        Await.eventually("stopped", () -> "stopped".equals(shown(b, id).getString("state")));
    }

    @Test
    void aDownloadStoppedThroughTheOtherReplicaWhileQueuedIsSettledOnceItsStarterLeaves() throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        ApiRole b = replica(member());
        String id = queuedDownload(a, b);

        assertEquals(202, call(b, "DELETE", "/downloads/" + id, null).statusCode());
        assertEquals(nodeId(first), kept(id).getString("ownerNode"), "still answered for by the replica starting it");
        replicas.leave(first);
        Await.eventually("the close of the other replica", () -> mesh.byes.contains(id));
        mesh.releaseAnswers();
        Await.eventually("the download settled, not queued for ever", () -> "failed".equals(shown(b, id).getString("state")));
        asked.cancel(true);
    }

    @Test
    void aDownloadWhoseReplicaLeavesWhileItStartsEndsFailedOnTheOtherWithItsFileStillServed() throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        ApiRole b = replica(member());
        String id = queuedDownload(a, b);

        replicas.leave(first);
        Await.eventually("the close of the other replica", () -> mesh.byes.contains(id));
        mesh.releaseAnswers();

        Await.eventually("the download failed, its replica lost", () -> "failed".equals(shown(b, id).getString("state")));
        JsonObject failed = shown(b, id);
        assertTrue(failed.getString("reason").startsWith(Downloads.REPLICA_LOST), failed.encode());
        assertNotNull(failed.getLong("endedAt"), failed.encode());
        assertEquals(ScriptedMesh.NODE, failed.getString("mediaNode"));
        assertTrue(mesh.portsClosed.contains(id) && mesh.dialogsEnded.contains(id), "the stream closed on the node and the device");
        HttpResponse<String> file = call(b, "GET", "/downloads/" + id + "/file", null);
        assertEquals(302, file.statusCode(), file.body());
        assertTrue(file.headers().firstValue("Location").orElse("").startsWith("http://127.0.0.1:9/downloads/" + id + ".mp4?token="),
                file.headers().toString());
        Await.eventually("the settling counted", () -> ApiReplicas.metric(b, "gbmesh_api_downloads_orphans_failed_total").equals("1.0"));

        // the node's last report, late, still adds what it wrote; the download stays failed
        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 4_000, 120_000,
                150_000, true, StartsUnderWay.ORPHAN_REASON, null, System.currentTimeMillis()));
        Await.eventually("the late figures kept", () -> shown(b, id).getLong("bytes", 0L) == 120_000L);
        assertEquals("failed", shown(b, id).getString("state"));
        asked.cancel(true);
    }

    @Test
    void aDownloadWhoseStreamOutlivesItsReplicaIsTakenOverAndFinishes() throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        Vertx second = member();
        ApiRole b = replica(second);
        String id = download(a).getString("downloadId");
        assertEquals(nodeId(first), kept(id).getString("ownerNode"));

        replicas.leave(first);
        Await.eventually("the download taken over by the other replica", () -> nodeId(second).equals(kept(id).getString("ownerNode")));
        assertEquals("running", shown(b, id).getString("state"), "its stream runs on");
        Await.eventually("the taking over counted", () -> ApiReplicas.metric(b, "gbmesh_api_downloads_orphans_adopted_total").equals("1.0"));

        meshSide.eventBus().publish(Addresses.DOWNLOAD_PROGRESS, new DownloadProgress(id, ScriptedMesh.NODE, 60_000, 1_800_000,
                1_900_000, true, "end-of-file", null, System.currentTimeMillis()));
        Await.eventually("done", () -> "done".equals(shown(b, id).getString("state")));
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
