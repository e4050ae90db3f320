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

/** A live stream nobody watches is closed: the node frees its port and the device gets its BYE. */
class NoViewerCloseTest {
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
    void aStreamWithoutViewerIsClosedWithByeAndItsPortReturns() throws Exception {
        vertx = Vertx.vertx();
        int sipPort;
        try (ServerSocket s = new ServerSocket(0)) {
            sipPort = s.getLocalPort();
        }
        await(vertx.deployVerticle(new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-idle"))))));
        int rtp = 35000 + (int) (ProcessHandle.current().pid() % 400) * 4;
        MediaNodeVerticle media = new MediaNodeVerticle(new MediaConfig("media-idle", "127.0.0.1", "127.0.0.1", rtp, rtp + 9,
                0, 0, 5000, 2000, 1000, 500));
        await(vertx.deployVerticle(media));
        StreamOrchestrator orchestrator = await(StreamOrchestrator.start(vertx,
                new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 3_000)));
        BlockingQueue<StreamStopped> stopped = new LinkedBlockingQueue<>();
        await(vertx.eventBus().consumer(Addresses.STREAM_STOPPED, m -> stopped.add((StreamStopped) m.body())).completion());

        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort).withCount(1, "3402000000132", 2)));
        SimulatedDevice device = camera.device(0);
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 15_000;
        while (await(channels.get(device.deviceId())) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1200); // the node's first load report
        int freeBefore = media.freePorts();

        ActiveStream stream = await(orchestrator.live(device.deviceId(), device.channelIds().get(0), MediaTransport.UDP, 0));
        assertEquals(freeBefore - 1, media.freePorts());
        assertEquals(1, device.media().streaming());

        StreamStopped stop = stopped.poll(10, TimeUnit.SECONDS);
        assertTrue(stop != null, "no StreamStopped within 10 s");
        assertEquals(stream.streamId(), stop.streamId());
        assertEquals("no-viewer", stop.reason());
        long until = System.currentTimeMillis() + 5000;
        while ((device.media().streaming() > 0 || media.freePorts() != freeBefore) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertEquals(0, device.media().streaming(), "the device got its BYE and stopped sending");
        assertEquals(freeBefore, media.freePorts(), "the port is back in the pool");
        assertTrue(orchestrator.streams().isEmpty());
    }
}
