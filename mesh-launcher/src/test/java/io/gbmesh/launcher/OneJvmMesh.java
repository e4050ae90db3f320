package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.api.ApiRole;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * A gateway, a media node (stall and idle times of the test's choice), the stream orchestrator and
 * simulated cameras in one Vert.x, the cameras online with their catalogs and the node reporting.
 * Either the orchestrator alone, or ({@link #withApi}) the whole api-service role around it: its
 * database, HTTP API and console.
 */
final class OneJvmMesh implements AutoCloseable {
    /** The tests' cluster secret of the media plane, given explicitly as a deployment does. */
    static final String MEDIA_URL_SECRET = "launcher-tests-media-url-secret";
    static final MediaUrlToken MEDIA_URLS = new MediaUrlToken(MEDIA_URL_SECRET, 300);

    final Vertx vertx = Vertx.vertx();
    final GatewayVerticle gateway;
    final MediaNodeVerticle media;
    /** The bare orchestrator; null when the api-service role runs its own. */
    final StreamOrchestrator orchestrator;
    /** The api-service role; null unless started {@link #withApi}. */
    final ApiRole api;
    final DeviceSimulator camera;

    OneJvmMesh(String name, int rtpBase, long stallMillis, long idleMillis, int cameraSerial) throws Exception {
        this(name, rtpBase, stallMillis, idleMillis, cameraSerial, 1, null, null);
    }

    /**
     * The mesh with the api-service role on a free loopback port, its embedded PostgreSQL under
     * {@code dataDir} and {@code adminToken} accepted; {@code cameras} simulated cameras.
     */
    static OneJvmMesh withApi(String name, int rtpBase, int cameras, Path dataDir, String adminToken) throws Exception {
        return withApi(name, rtpBase, cameras, dataDir, adminToken, null);
    }

    /** As {@link #withApi(String, int, int, Path, String)}, the media node pushing every stream under {@code pushPrefix}. */
    static OneJvmMesh withApi(String name, int rtpBase, int cameras, Path dataDir, String adminToken, String pushPrefix)
            throws Exception {
        return new OneJvmMesh(name, rtpBase, 5000, 30_000, 1, cameras, pushPrefix, new Env(Map.ofEntries(
                Map.entry("GB_HTTP_HOST", "127.0.0.1"), Map.entry("GB_HTTP_PORT", "0"),
                Map.entry("GB_MQTT_HOST", "127.0.0.1"), Map.entry("GB_MQTT_PORT", "0"),
                Map.entry("GB_DATA_DIR", dataDir.toString()), Map.entry("GB_PG_POOL_SIZE", "4"),
                Map.entry("GB_ADMIN_TOKEN", adminToken), Map.entry("GB_MEDIA_URL_SECRET", MEDIA_URL_SECRET),
                Map.entry("GB_FIRST_FRAME_TIMEOUT_MS", "15000"), Map.entry("GB_INVITE_TIMEOUT_MS", "20000"),
                // devices recorded online but not in the registry go offline within seconds
                Map.entry("GB_API_STALE_GRACE_MS", "1000"), Map.entry("GB_API_STALE_SWEEP_MS", "1000"))));
    }

    /** As {@link #withApi(String, int, int, Path, String)}, one camera, with more api-service settings. */
    static OneJvmMesh withApiSettings(String name, int rtpBase, Path dataDir, String adminToken, Map<String, String> more)
            throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.ofEntries(
                Map.entry("GB_HTTP_HOST", "127.0.0.1"), Map.entry("GB_HTTP_PORT", "0"),
                Map.entry("GB_MQTT_HOST", "127.0.0.1"), Map.entry("GB_MQTT_PORT", "0"),
                Map.entry("GB_DATA_DIR", dataDir.toString()), Map.entry("GB_PG_POOL_SIZE", "4"),
                Map.entry("GB_ADMIN_TOKEN", adminToken), Map.entry("GB_MEDIA_URL_SECRET", MEDIA_URL_SECRET),
                Map.entry("GB_FIRST_FRAME_TIMEOUT_MS", "15000"), Map.entry("GB_INVITE_TIMEOUT_MS", "20000")));
        env.putAll(more);
        return new OneJvmMesh(name, rtpBase, 5000, 30_000, 1, 1, null, new Env(env));
    }

    /**
     * As {@link #withApi(String, int, int, Path, String)}, the cameras streaming {@code media}'s file
     * (a PS capture with audio, say) instead of the bundled one.
     */
    static OneJvmMesh withApiAndMedia(String name, int rtpBase, int cameras, Path dataDir, String adminToken,
                                      io.gbmesh.simulator.media.MediaOptions media) throws Exception {
        return new OneJvmMesh(name, rtpBase, 5000, 30_000, 1, cameras, null, new Env(Map.ofEntries(
                Map.entry("GB_HTTP_HOST", "127.0.0.1"), Map.entry("GB_HTTP_PORT", "0"),
                Map.entry("GB_MQTT_HOST", "127.0.0.1"), Map.entry("GB_MQTT_PORT", "0"),
                Map.entry("GB_DATA_DIR", dataDir.toString()), Map.entry("GB_PG_POOL_SIZE", "4"),
                Map.entry("GB_ADMIN_TOKEN", adminToken), Map.entry("GB_MEDIA_URL_SECRET", MEDIA_URL_SECRET),
                Map.entry("GB_FIRST_FRAME_TIMEOUT_MS", "15000"), Map.entry("GB_INVITE_TIMEOUT_MS", "20000"),
                Map.entry("GB_API_STALE_GRACE_MS", "1000"), Map.entry("GB_API_STALE_SWEEP_MS", "1000"))), media);
    }

    private OneJvmMesh(String name, int rtpBase, long stallMillis, long idleMillis, int cameraSerial, int cameras,
                       String pushPrefix, Env apiEnv) throws Exception {
        this(name, rtpBase, stallMillis, idleMillis, cameraSerial, cameras, pushPrefix, apiEnv,
                io.gbmesh.simulator.media.MediaOptions.DEFAULT);
    }

    private OneJvmMesh(String name, int rtpBase, long stallMillis, long idleMillis, int cameraSerial, int cameras,
                       String pushPrefix, Env apiEnv, io.gbmesh.simulator.media.MediaOptions cameraMedia) throws Exception {
        int sipPort;
        sipPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off", "GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-" + name))));
        await(vertx.deployVerticle(gateway));
        int rtp = rtpBase + (int) (ProcessHandle.current().pid() % 400) * 4;
        MediaConfig mediaConfig = new MediaConfig("media-" + name, "127.0.0.1", "127.0.0.1", rtp, rtp + 9,
                0, 0, stallMillis, idleMillis, 1000, 500);
        if (apiEnv != null) {
            // downloads under the test's data directory, as GB_DATA_DIR places them
            mediaConfig = mediaConfig.withDownloadDir(Path.of(apiEnv.get("GB_DATA_DIR", "data"), "downloads"));
        }
        media = new MediaNodeVerticle(mediaConfig, MEDIA_URLS).withPushPrefix(pushPrefix);
        await(vertx.deployVerticle(media));
        if (apiEnv == null) {
            orchestrator = await(StreamOrchestrator.start(vertx,
                    new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 3_000, MEDIA_URLS)));
            api = null;
        } else {
            orchestrator = null;
            api = await(ApiRole.deploy(vertx, apiEnv));
        }
        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort)
                .withCount(cameras, "3402000000132", cameraSerial).withMedia(cameraMedia)));
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 15_000;
        for (int i = 0; i < cameras; i++) {
            while (await(channels.get(camera.device(i).deviceId())) == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
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
