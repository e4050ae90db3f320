package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.api.streams.RecordRoutes;
import io.gbmesh.api.streams.StreamFailure;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.api.streams.StreamRoutes;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What recordings need, in one Vert.x: a gateway, a media node, the orchestrator with the stream and
 * recording routes on an HTTP port (no authentication), and one simulated camera with one channel,
 * online with its catalog, the node reporting its load.
 */
public final class RecordingMesh implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final int apiPort;
    public final DeviceSimulator camera;
    public final SimulatedDevice device;
    public final String deviceId;
    public final String channelId;

    /** The mesh with the camera registered over {@code sipTransport}. */
    public RecordingMesh(SipTransport sipTransport, int serial) throws Exception {
        this(sipTransport, serial, null, 2);
    }

    /**
     * The mesh with downloads too: written under {@code downloadDir}, the node having {@code rtpPorts}
     * ports, the download routes mounted.
     */
    public RecordingMesh(SipTransport sipTransport, int serial, java.nio.file.Path downloadDir, int rtpPorts) throws Exception {
        int sipPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        await(vertx.deployVerticle(new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off",
                "GB_SIP_HOST", "127.0.0.1", "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-recordings"))))));
        int rtp = io.gbmesh.testing.FreePorts.tcpAndUdp();
        MediaConfig mediaConfig = MediaConfig.loopback("media-recordings", rtp, rtp + rtpPorts - 1);
        await(vertx.deployVerticle(new MediaNodeVerticle(downloadDir == null ? mediaConfig : mediaConfig.withDownloadDir(downloadDir),
                OneJvmMesh.MEDIA_URLS)));
        StreamOrchestrator orchestrator = await(StreamOrchestrator.start(vertx,
                new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 7_000, OneJvmMesh.MEDIA_URLS)));
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
        BiConsumer<RoutingContext, StreamFailure> problem = (ctx, failure) -> ctx.response().setStatusCode(failure.status())
                .putHeader("content-type", "application/problem+json")
                .end(new JsonObject().put("status", failure.status()).put("detail", failure.getMessage()).encode());
        await(StreamRoutes.create(vertx, orchestrator, id -> registry.get(id)
                .map(json -> json == null ? StreamRoutes.DeviceState.UNKNOWN : StreamRoutes.DeviceState.ONLINE), problem))
                .mount(router, "/api/v1");
        new RecordRoutes(vertx, orchestrator, problem).mount(router, "/api/v1");
        if (downloadDir != null) {
            new io.gbmesh.api.streams.DownloadRoutes(orchestrator, await(io.gbmesh.api.streams.Downloads.start(vertx, event -> { },
                    orchestrator::stop)),
                    problem).mount(router, "/api/v1");
        }
        apiPort = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();

        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort).withTransport(sipTransport)
                .withCount(1, "3402000000132", serial).withChannels(1, 2, 0)));
        device = camera.device(0);
        deviceId = device.deviceId();
        channelId = device.channelIds().get(0);
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 20_000;
        while (await(channels.get(deviceId)) == null) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the camera's catalog did not arrive");
            }
            Thread.sleep(100);
        }
        Thread.sleep(2500); // the media node's first load report
    }

    @Override
    public void close() throws Exception {
        await(camera.close());
        await(vertx.close());
    }
}
