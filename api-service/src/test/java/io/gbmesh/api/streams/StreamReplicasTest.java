package io.gbmesh.api.streams;

import io.gbmesh.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.store.ApiReplicas;
import io.gbmesh.api.store.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two api-service replicas (the whole role) and the gateway and media-node side of the mesh
 * ({@link ScriptedMesh}), each a clustered Vert.x of one Hazelcast cluster on loopback: the stream
 * table is the cluster's, so a stream started through one replica is listed, reused and stopped
 * through the other, also once the first one is gone; a stream whose start the first one left
 * unfinished is closed by the other, also when the device answers only after.
 */
@Timeout(180)
class StreamReplicasTest {
    private static final String ADMIN = "gbm_streams-admin-0123456789abcdef";
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";
    private static final String CHANNEL_2 = "34020000001310000002";

    private final HttpClient http = HttpClient.newHttpClient();
    private ApiReplicas replicas;
    private Vertx meshSide;
    private ScriptedMesh mesh;

    @BeforeEach
    void cluster() {
        replicas = new ApiReplicas("stream_replicas", ADMIN, 26701);
        meshSide = member();
        mesh = TestPostgres.await(ScriptedMesh.start(meshSide));
        for (String device : List.of(DEVICE, ScriptedMesh.REFUSING_DEVICE)) {
            replicas.registered(meshSide, device, "gw-scripted");
        }
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

    private static HttpRequest request(ApiRole replica, String method, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/api/v1" + path))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpResponse<String> call(ApiRole replica, String method, String path) throws Exception {
        return http.send(request(replica, method, path), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts the channel's live stream through a replica, once the replica has heard from the media node. */
    private JsonObject live(ApiRole replica, String channel) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            HttpResponse<String> r = call(replica, "POST", "/devices/" + DEVICE + "/channels/" + channel + "/live");
            if (r.statusCode() == 200) {
                return new JsonObject(r.body());
            }
            // 503 until the replica received the node's first load report
            assertTrue(r.statusCode() == 503 && System.nanoTime() < deadline, r.statusCode() + " " + r.body());
            Thread.sleep(100);
        }
    }

    private static JsonArray streams(HttpResponse<String> r) {
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("streams");
    }

    @Test
    void aStreamStartedThroughOneReplicaIsListedReusedAndStoppedThroughTheOther() throws Exception {
        ApiRole a = replica(member());
        ApiRole b = replica(member());
        JsonObject started = live(a, CHANNEL);
        String streamId = started.getString("streamId");
        JsonObject urls = started.getJsonObject("urls");
        assertTrue(urls.getString("flv").contains("/live/" + streamId + ".flv?token="), urls.encode());
        assertTrue(urls.getString("mp4").contains("/live/" + streamId + ".mp4?token="), urls.encode());
        assertTrue(urls.getString("hls").contains("/live/" + streamId + "/index.m3u8?token="), urls.encode());
        assertEquals("live", started.getString("kind"));

        JsonArray onB = streams(call(b, "GET", "/streams"));
        assertEquals(1, onB.size(), onB.encode());
        assertEquals(streamId, onB.getJsonObject(0).getString("streamId"));
        assertEquals("H264", onB.getJsonObject(0).getString("codec"));
        assertTrue(onB.getJsonObject(0).getJsonObject("urls").getString("mp4").contains("?token="));

        JsonObject again = live(b, CHANNEL);
        assertEquals(streamId, again.getString("streamId"), "the other replica reuses the channel's stream");
        assertEquals(1, mesh.invites.size(), "one INVITE for both");

        assertEquals(204, call(b, "DELETE", "/streams/" + streamId).statusCode());
        Await.eventually("the BYE and the port closed", () -> mesh.byes.contains(streamId) && mesh.portsClosed.contains(streamId));
        assertEquals(0, streams(call(a, "GET", "/streams")).size());
        assertEquals(404, call(a, "DELETE", "/streams/" + streamId).statusCode(), "stopped once");
        assertTrue(TestPostgres.await(inUseSsrcs()).isEmpty(), "the SSRC released");
    }

    @Test
    void aStreamOutlivesTheReplicaThatStartedItAndTheOtherStopsIt() throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        ApiRole b = replica(member());
        String streamId = live(a, CHANNEL_2).getString("streamId");
        replicas.leave(first);

        JsonArray onB = streams(call(b, "GET", "/streams"));
        assertEquals(1, onB.size(), onB.encode());
        assertEquals(streamId, onB.getJsonObject(0).getString("streamId"));
        assertEquals(204, call(b, "DELETE", "/streams/" + streamId).statusCode());
        Await.eventually("the BYE and the port closed", () -> mesh.byes.contains(streamId) && mesh.portsClosed.contains(streamId));
        assertEquals(0, streams(call(b, "GET", "/streams")).size());
    }

    @Test
    void aRefusedInviteIsAnsweredByItsCodeAndUndoesThePortAndTheSsrc() throws Exception {
        ApiRole a = replica(member());
        live(a, CHANNEL); // the node is known
        HttpResponse<String> refused = call(a, "POST",
                "/devices/" + ScriptedMesh.REFUSING_DEVICE + "/channels/" + CHANNEL + "/live");
        assertEquals(502, refused.statusCode(), refused.body());
        assertEquals("INVITE", new JsonObject(refused.body()).getString("step"), refused.body());
        String failedId = mesh.invites.get(mesh.invites.size() - 1).streamId();
        Await.eventually("the port closed and the dialog ended", () -> mesh.portsClosed.contains(failedId)
                && mesh.byes.contains(failedId));
        Await.eventually("only the playing stream's SSRC held", () -> TestPostgres.await(inUseSsrcs()).size() == 1);
        assertFalse(streams(call(a, "GET", "/streams")).encode().contains(failedId));
    }

    /** When the device answers the INVITE of a start whose replica is gone, against the close of a surviving replica. */
    enum Answer {
        /** At once: the surviving replica finds a dialog to end. */
        BEFORE_THE_CLOSE,
        /** After the surviving replica's close, which the gateway inviting keeps until the answer. */
        AFTER_A_KEPT_CLOSE,
        /** After the surviving replica's close, answered that there is no dialog (by a gateway not the one inviting). */
        AFTER_A_REFUSED_CLOSE
    }

    @ParameterizedTest
    @EnumSource(Answer.class)
    void aStartWhoseReplicaLeavesBeforeTheDeviceAnswersIsClosedByTheOther(Answer answer) throws Exception {
        Vertx first = member();
        ApiRole a = replica(first);
        ApiRole b = replica(member());
        String playing = live(a, CHANNEL).getString("streamId");
        if (answer == Answer.AFTER_A_REFUSED_CLOSE) {
            mesh.refuseClosesDuringInvites();
        }
        mesh.holdAnswers();
        CompletableFuture<HttpResponse<String>> asked = http.sendAsync(
                request(a, "POST", "/devices/" + DEVICE + "/channels/" + CHANNEL_2 + "/live"), HttpResponse.BodyHandlers.ofString());
        Await.eventually("the INVITE of the second stream", () -> mesh.invites.size() == 2);
        String orphan = mesh.invites.get(1).streamId();
        replicas.leave(first);
        if (answer != Answer.BEFORE_THE_CLOSE) {
            Await.eventually("the close of the other replica", () -> mesh.byes.contains(orphan));
        }
        mesh.releaseAnswers();

        Await.eventually("the device's dialog ended, the node's port closed and the SSRC released", () ->
                mesh.dialogsEnded.contains(orphan) && mesh.portsClosed.contains(orphan) && !mesh.open.containsKey(orphan)
                        && TestPostgres.await(inUseSsrcs()).size() == 1);
        assertEquals(Set.of(playing), Set.copyOf(mesh.dialogs), "only the playing stream holds a dialog");
        Await.eventually("the close counted", () -> ApiReplicas.metric(b, "gbmesh_api_stream_starts_orphans_closed_total").equals("1.0"));
        JsonArray onB = streams(call(b, "GET", "/streams"));
        assertEquals(1, onB.size(), onB.encode());
        assertEquals(playing, onB.getJsonObject(0).getString("streamId"));
        assertEquals(404, call(b, "DELETE", "/streams/" + orphan).statusCode());
        String again = live(b, CHANNEL_2).getString("streamId");
        assertNotEquals(orphan, again, "the channel starts afresh");
        assertTrue(mesh.dialogs.contains(again));
        asked.cancel(true);
    }

    @Test
    void aChannelStartedTwiceAtOnceClosesTheDuplicateWhileItsStartIsStillRecorded() throws Exception {
        ApiRole a = replica(member());
        ApiRole b = replica(member());
        // both replicas have heard from the node once a stream of each is up
        assertEquals(204, call(a, "DELETE", "/streams/" + live(a, CHANNEL).getString("streamId")).statusCode());
        assertEquals(204, call(b, "DELETE", "/streams/" + live(b, CHANNEL_2).getString("streamId")).statusCode());
        Await.eventually("no stream left", () -> TestPostgres.await(inUseSsrcs()).isEmpty());
        int invitesBefore = mesh.invites.size();
        int byesBefore = mesh.byes.size();

        mesh.holdAnswers();
        CompletableFuture<JsonObject> throughA = CompletableFuture.supplyAsync(() -> liveUnchecked(a, CHANNEL));
        CompletableFuture<JsonObject> throughB = CompletableFuture.supplyAsync(() -> liveUnchecked(b, CHANNEL));
        Await.eventually("both replicas inviting", () -> mesh.invites.size() == invitesBefore + 2);
        mesh.holdCloses();
        mesh.releaseAnswers();
        Await.eventually("the duplicate closed", () -> mesh.byes.size() > byesBefore);
        String duplicate = mesh.byes.get(byesBefore);
        // should the replica go now, the sweep of the starts under way still knows of the duplicate and closes it
        assertTrue(TestPostgres.await(startsUnderWay()).contains(duplicate), "the duplicate's start still recorded");
        mesh.releaseCloses();

        String kept = throughA.get(20, TimeUnit.SECONDS).getString("streamId");
        assertEquals(kept, throughB.get(20, TimeUnit.SECONDS).getString("streamId"), "one stream for the channel");
        assertNotEquals(kept, duplicate);
        Await.eventually("the duplicate's start forgotten and its SSRC released", () -> TestPostgres.await(startsUnderWay()).isEmpty()
                && TestPostgres.await(inUseSsrcs()).size() == 1);
        assertTrue(mesh.portsClosed.contains(duplicate), "its port closed");
    }

    private JsonObject liveUnchecked(ApiRole replica, String channel) {
        try {
            return live(replica, channel);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Future<java.util.Set<String>> startsUnderWay() {
        return meshSide.sharedData().<String, String>getAsyncMap(StartsUnderWay.MAP).compose(AsyncMap::keys);
    }

    private Future<java.util.Set<String>> inUseSsrcs() {
        return meshSide.sharedData().<String, String>getAsyncMap(SsrcAllocator.MAP).compose(AsyncMap::keys);
    }
}
