package io.gbmesh.launcher;

import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.contracts.Addresses;
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
import java.util.concurrent.TimeUnit;

/**
 * A gateway, a media node (stall and idle times of the test's choice), the stream orchestrator and
 * one simulated camera in one Vert.x, the camera online with its catalog and the node reporting.
 */
final class OneJvmMesh implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final GatewayVerticle gateway;
    final MediaNodeVerticle media;
    final StreamOrchestrator orchestrator;
    final DeviceSimulator camera;

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    OneJvmMesh(String name, int rtpBase, long stallMillis, long idleMillis, int cameraSerial) throws Exception {
        int sipPort;
        try (ServerSocket s = new ServerSocket(0)) {
            sipPort = s.getLocalPort();
        }
        gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-" + name))));
        await(vertx.deployVerticle(gateway));
        int rtp = rtpBase + (int) (ProcessHandle.current().pid() % 400) * 4;
        media = new MediaNodeVerticle(new MediaConfig("media-" + name, "127.0.0.1", "127.0.0.1", rtp, rtp + 9,
                0, 0, stallMillis, idleMillis, 1000, 500));
        await(vertx.deployVerticle(media));
        orchestrator = await(StreamOrchestrator.start(vertx,
                new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 3_000)));
        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort).withCount(1, "3402000000132", cameraSerial)));
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 15_000;
        while (await(channels.get(device().deviceId())) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1200); // the node's first load report
    }

    SimulatedDevice device() {
        return camera.device(0);
    }

    @Override
    public void close() throws Exception {
        await(camera.close());
        await(vertx.close());
    }
}
