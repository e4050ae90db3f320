package io.gbmesh.api.talk;

import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.store.ApiReplicas;
import io.gbmesh.api.store.TestPostgres;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.BroadcastAnswer;
import io.gbmesh.contracts.BroadcastRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkEnded;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.contracts.TalkPrepared;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two api-service replicas, each a clustered Vert.x of one Hazelcast cluster on loopback, and a
 * scripted media node and gateway: the talk table is the cluster's, so a talk started through one
 * replica is listed and ended through the other, the channel's second talk is refused by either,
 * and a talk that ends on its own is closed once, not once per replica.
 */
@Timeout(180)
class TalkReplicasTest {
    private static final String ADMIN = "gbm_talks-admin-0123456789abcdef";
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";
    private static final String NODE = "media-scripted-talk";
    private static final String GATEWAY = "gw-scripted-talk";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> mediaCloses = new CopyOnWriteArrayList<>();
    private final List<String> gatewayCloses = new CopyOnWriteArrayList<>();
    private ApiReplicas replicas;

    @BeforeEach
    void cluster() {
        replicas = new ApiReplicas("talk_replicas", ADMIN, 29701);
        Vertx mesh = member();
        MeshCodec.register(mesh.eventBus());
        var bus = mesh.eventBus();
        mesh.setPeriodic(0, 300, t -> bus.publish(Addresses.MEDIA_LOAD, new MediaNodeLoad(NODE, "127.0.0.1",
                "http://127.0.0.1:9", 0, 0, 100, 0, 0, System.currentTimeMillis())));
        TestPostgres.await(Future.all(
                bus.<Object>consumer(Addresses.mediaNodeTalk(NODE), m -> {
                    if (m.body() instanceof TalkOpen o) {
                        m.reply(new TalkPrepared(o.talkId(), NODE, "127.0.0.1", 9));
                    } else if (m.body() instanceof TalkClose c) {
                        mediaCloses.add(c.talkId());
                        m.reply(c);
                    }
                }).completion(),
                bus.<Object>consumer(Addresses.BROADCAST, m -> {
                    BroadcastRequest r = (BroadcastRequest) m.body();
                    m.reply(new BroadcastAnswer(r.talkId(), "call-" + r.talkId(), GATEWAY, MediaTransport.UDP, "127.0.0.1",
                            40000, "PCMA"));
                }).completion(),
                bus.<Object>consumer(Addresses.gatewayNodeTalk(GATEWAY), m -> {
                    gatewayCloses.add(((TalkClose) m.body()).talkId());
                    m.reply(m.body());
                }).completion()));
        replicas.registered(mesh, DEVICE, GATEWAY);
    }

    @AfterEach
    void close() {
        replicas.close();
    }

    private Vertx member() {
        return replicas.member();
    }

    private ApiRole replica() {
        return replicas.replica();
    }

    private HttpResponse<String> call(ApiRole replica, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/api/v1" + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a talk through a replica, once the replica has heard from the media node. */
    private JsonObject broadcast(ApiRole replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            HttpResponse<String> r = call(replica, "POST", "/devices/" + DEVICE + "/channels/" + CHANNEL + "/broadcast",
                    "{\"source\":\"websocket\"}");
            if (r.statusCode() == 201) {
                return new JsonObject(r.body());
            }
            assertTrue(r.statusCode() == 503 && System.nanoTime() < deadline, r.statusCode() + " " + r.body());
            Thread.sleep(100);
        }
    }

    private JsonArray talks(ApiRole replica) throws Exception {
        HttpResponse<String> r = call(replica, "GET", "/talks", null);
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getJsonArray("items");
    }

    @Test
    void aTalkStartedThroughOneReplicaIsListedRefusedAgainAndEndedThroughTheOther() throws Exception {
        ApiRole a = replica();
        ApiRole b = replica();
        JsonObject talk = broadcast(a);
        String talkId = talk.getString("talkId");
        assertEquals("talking", talk.getString("state"));
        assertEquals("broadcast", talk.getString("mode"));

        JsonArray onB = talks(b);
        assertEquals(1, onB.size(), onB.encode());
        assertEquals(talkId, onB.getJsonObject(0).getString("talkId"));
        assertEquals(GATEWAY, onB.getJsonObject(0).getString("gatewayNode"));
        assertTrue(onB.getJsonObject(0).getString("audioUrl").contains("/api/v1/talks/" + talkId + "/audio?token="));
        assertEquals(200, call(b, "GET", "/talks/" + talkId, null).statusCode());
        HttpResponse<String> second = call(b, "POST", "/devices/" + DEVICE + "/channels/" + CHANNEL + "/broadcast",
                "{\"source\":\"websocket\"}");
        assertEquals(409, second.statusCode(), "one talk per channel across replicas: " + second.body());

        assertEquals(204, call(b, "DELETE", "/talks/" + talkId, null).statusCode());
        eventually("the BYE and the media node's stop", () -> gatewayCloses.contains(talkId) && mediaCloses.contains(talkId));
        assertEquals(0, talks(a).size());
        assertEquals(404, call(a, "DELETE", "/talks/" + talkId, null).statusCode(), "ended once");
        assertEquals(201, call(a, "POST", "/devices/" + DEVICE + "/channels/" + CHANNEL + "/broadcast",
                "{\"source\":\"websocket\"}").statusCode(), "the channel is free again");
    }

    @Test
    void aTalkThatEndsOnItsOwnIsClosedByOneReplicaOnly() throws Exception {
        ApiRole a = replica();
        ApiRole b = replica();
        String talkId = broadcast(a).getString("talkId");
        talks(b);

        replicas.members().get(0).eventBus().publish(Addresses.TALK_ENDED, new TalkEnded(talkId, "source-ended", System.currentTimeMillis()));

        eventually("the talk closed", () -> gatewayCloses.contains(talkId) && mediaCloses.contains(talkId));
        eventually("the talk no longer listed", () -> {
            try {
                return talks(b).isEmpty() && talks(a).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(List.of(talkId), gatewayCloses, "one BYE");
        assertEquals(List.of(talkId), mediaCloses, "one stop");
    }
}
