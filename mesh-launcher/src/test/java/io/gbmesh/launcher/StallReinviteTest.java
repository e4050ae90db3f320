package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.streams.ActiveStream;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream whose RTP stops is re-INVITEd to the same port, and plays again. */
class StallReinviteTest {
    private Vertx vertx;
    private DeviceSimulator camera;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (camera != null) {
            await(camera.close());
        }
        await(vertx.close());
    }

    @Test
    void aStalledStreamIsInvitedAgainAndFlowsAgain() throws Exception {
        vertx = Vertx.vertx();
        int sipPort;
        try (ServerSocket s = new ServerSocket(0)) {
            sipPort = s.getLocalPort();
        }
        GatewayVerticle gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-stall"))));
        await(vertx.deployVerticle(gateway));
        int rtp = 36000 + (int) (ProcessHandle.current().pid() % 400) * 4;
        // stalled after 1.5 s without RTP; never idle (60 s) during the test
        MediaNodeVerticle media = new MediaNodeVerticle(new MediaConfig("media-stall", "127.0.0.1", "127.0.0.1", rtp, rtp + 9,
                0, 0, 1500, 60_000, 1000, 500));
        await(vertx.deployVerticle(media));
        StreamOrchestrator orchestrator = await(StreamOrchestrator.start(vertx,
                new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 3_000)));
        BlockingQueue<io.gbmesh.contracts.StreamStalled> stalls = new LinkedBlockingQueue<>();
        await(vertx.eventBus().consumer(Addresses.STREAM_STALLED, m -> stalls.add((io.gbmesh.contracts.StreamStalled) m.body())).completion());

        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort).withCount(1, "3402000000132", 3)));
        SimulatedDevice device = camera.device(0);
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 15_000;
        while (await(channels.get(device.deviceId())) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1200);

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
        assertTrue(orchestrator.stream(stream.streamId()) != null, "the stream lives on");
        await(orchestrator.stop(stream.streamId(), "test-done"));
    }
}
