package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.streams.ActiveStream;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.gbmesh.runtime.MediaUrlToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream whose RTP stops is re-INVITEd to the same port, and plays again. */
class StallReinviteTest {
    private OneJvmMesh mesh;

    @AfterEach
    void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aStalledStreamIsInvitedAgainAndFlowsAgain() throws Exception {
        mesh = new OneJvmMesh("stal", 36000, 1500, 60_000, 3);
        Vertx vertx = mesh.vertx;
        GatewayVerticle gateway = mesh.gateway;
        MediaNodeVerticle media = mesh.media;
        StreamOrchestrator orchestrator = mesh.orchestrator;
        SimulatedDevice device = mesh.device();
        BlockingQueue<io.gbmesh.contracts.StreamStalled> stalls = new LinkedBlockingQueue<>();
        await(vertx.eventBus().consumer(Addresses.STREAM_STALLED, m -> stalls.add((io.gbmesh.contracts.StreamStalled) m.body())).completion());

        ActiveStream stream = await(orchestrator.live(device.deviceId(), device.channelIds().get(0), MediaTransport.UDP, 0));
        long invites = gateway.stats().get("tx.request.INVITE");
        device.media().mute(true);
        io.gbmesh.contracts.StreamStalled stall = stalls.poll(10, TimeUnit.SECONDS);
        assertTrue(stall != null && stall.streamId().equals(stream.streamId()), "the stream stalled");
        device.media().mute(false);
        long until = System.currentTimeMillis() + 8000;
        while (gateway.stats().get("tx.request.INVITE") == invites && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertEquals(invites + 1, gateway.stats().get("tx.request.INVITE"), "one re-INVITE");
        long packetsBefore = device.media().packetsSent();
        Thread.sleep(1500);
        assertTrue(device.media().packetsSent() > packetsBefore, "the device sends again after the re-INVITE");
        assertEquals(1, device.media().streaming(), "one dialog: the stalled one was ended with BYE");
        // The device sends from a new port after the re-INVITE: the stream takes it (its sender lock
        // was released by the new answer) rather than dropping it as a stranger's.
        long received = receivedPackets(media, stream.streamId());
        until = System.currentTimeMillis() + 5000;
        while (receivedPackets(media, stream.streamId()) <= received && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        assertTrue(receivedPackets(media, stream.streamId()) > received, "the node plays the re-invited stream");
        assertTrue(await(orchestrator.stream(stream.streamId())) != null, "the stream lives on");
        await(orchestrator.stop(stream.streamId(), "test-done"));
    }

    /** The packets the node took for the stream, from its own API (a node-api token, as the api-service sends). */
    private static long receivedPackets(MediaNodeVerticle media, String streamId) throws Exception {
        String token = OneJvmMesh.MEDIA_URLS.issue(MediaUrlToken.NODE_API, media.nodeId(), System.currentTimeMillis());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + media.httpPort() + "/api/streams"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        for (Object o : new JsonObject(r.body()).getJsonArray("streams")) {
            JsonObject s = (JsonObject) o;
            if (s.getString("streamId").equals(streamId)) {
                return s.getJsonObject("stats").getLong("packets");
            }
        }
        return -1;
    }
}
