package io.gbmesh.launcher;

import io.gbmesh.api.ApiMain;
import io.gbmesh.api.ApiRole;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayMain;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeMain;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.runtime.MeshCluster;
import io.gbmesh.runtime.StoredSecret;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The entry point of {@code gbmesh.jar}: {@code gbmesh [all|gateway|media|api]} ({@link GbmeshCommand}).
 * Without a role it starts every role of the mesh in one JVM (the quick start): the SIP gateway, a
 * media node and the API, on a clustered Vert.x so that more nodes can join; with
 * {@code GB_DEMO_DEVICES=N}, N simulated devices. A single role runs as its own main does
 * ({@link GatewayMain}, {@link MediaNodeMain}, {@link ApiMain}).
 */
public final class MeshLauncher {
    private MeshLauncher() {
    }

    /** The file under {@code GB_DATA_DIR} that keeps the generated media URL secret. */
    static final String MEDIA_URL_SECRET_FILE = "media-url-secret";

    public static void main(String[] args) {
        io.gbmesh.runtime.MeshCluster.ensureCallbackPool(); // before anything starts the common pool
        int exit = GbmeshCommand.execute(MeshLauncher::start, args);
        if (exit != 0) {
            System.exit(exit);
        }
        // 0: a role is starting (its Vert.x threads keep the JVM), or --help/--version was printed
    }

    static void start(GbmeshCommand.Role role) {
        String[] none = new String[0];
        switch (role) {
            case ALL -> startAll();
            case GATEWAY -> GatewayMain.main(none);
            case MEDIA -> MediaNodeMain.main(none);
            case API -> ApiMain.main(none);
        }
    }

    private static void startAll() {
        Env env;
        GatewayConfig gateway;
        try {
            env = withMediaUrlSecret(System.getenv());
            gateway = QuickStartAuth.resolve(GatewayConfig.fromEnv(env).withDefaultHttpPort(8082), env, System.out);
        } catch (RuntimeException e) {
            System.err.println("gbmesh failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        MediaConfig media = MediaConfig.fromEnv(env);
        int demoDevices = env.getInt("GB_DEMO_DEVICES", 0);
        MeshCluster.start(MeshCluster.Settings.fromEnv(env)).compose(vertx -> {
            GatewayVerticle gw = new GatewayVerticle(gateway);
            MediaNodeVerticle mediaNode = new MediaNodeVerticle(media, MediaUrlToken.fromEnv(env)).withPushPrefix(env.get("GB_PUSH_PREFIX", null))
                    .withPlaybackPushPrefix(env.get("GB_PUSH_PLAYBACK_PREFIX", null))
                    .withEventLoops(env.getInt("GB_MEDIA_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()));
            return vertx.deployVerticle(gw)
                    .compose(id -> vertx.deployVerticle(mediaNode))
                    .compose(id -> ApiRole.deploy(vertx, env))
                    .compose(http -> demo(vertx, gateway, gw.sipPort(), demoDevices).map(http))
                    .onSuccess(http -> {
                        String local = "127.0.0.1";
                        System.out.println();
                        System.out.println("gbmesh is up (node " + gateway.nodeId() + ")");
                        System.out.println("  SIP     " + gateway.advertisedHost() + ":" + gw.sipPort() + " (" + gateway.listenMode()
                                + "), server ID " + gateway.sipId() + ", domain " + gateway.domain()
                                + (gateway.password().isEmpty() ? ", no password" : ", password set"));
                        System.out.println(QuickStartAuth.bannerLine(gateway));
                        System.out.println("  console http://" + local + ":" + http.httpPort() + "/  (in a browser; enter the admin token)");
                        System.out.println("  API     http://" + local + ":" + http.httpPort() + "/api/v1/devices  (Authorization: Bearer <token>)");
                        System.out.println("  OpenAPI http://" + local + ":" + http.httpPort() + "/api/v1/openapi.json, UI http://" + local + ":"
                                + http.httpPort() + "/api/docs/");
                        System.out.println("  health  http://" + local + ":" + http.httpPort() + "/health, /ready, /metrics");
                        System.out.println("  gateway http://" + local + ":" + gateway.httpPort() + "/metrics (and /health, /ready)");
                        System.out.println("  MQTT    " + local + ":" + http.mqttPort() + " (password: an API token)");
                        System.out.println("  media   node " + mediaNode.nodeId() + ", viewers at http://" + local + ":"
                                + mediaNode.httpPort() + "/live/{streamId}.flv?token=... (signed URLs from the API), RTP ports "
                                + media.rtpPortMin() + "-" + media.rtpPortMax());
                        if (demoDevices > 0) {
                            System.out.println("  demo    " + demoDevices + " simulated devices registered");
                        }
                    });
        }).onFailure(err -> {
            System.err.println("gbmesh failed to start: " + err.getMessage());
            System.exit(1);
        });
    }

    /**
     * The environment with {@code GB_MEDIA_URL_SECRET}: as given, or (the quick start) the one
     * generated at the first start and kept under {@code GB_DATA_DIR}, so that the URLs handed out
     * stay valid across a restart. Every role in this JVM signs and checks with it.
     */
    static Env withMediaUrlSecret(Map<String, String> variables) {
        Env given = new Env(variables);
        if (given.get(MediaUrlToken.SECRET_VARIABLE, null) != null) {
            return given;
        }
        Map<String, String> with = new HashMap<>(variables);
        with.put(MediaUrlToken.SECRET_VARIABLE, StoredSecret.readOrCreate(
                Path.of(given.get("GB_DATA_DIR", "./data")), MEDIA_URL_SECRET_FILE));
        return new Env(with);
    }

    private static Future<Void> demo(Vertx vertx, GatewayConfig gateway, int port, int count) {
        if (count <= 0) {
            return Future.succeededFuture();
        }
        SimulatorConfig config = SimulatorConfig.of("127.0.0.1", port).withCount(count, "3402000000132", 1)
                .withPassword(gateway.password());
        return DeviceSimulator.start(vertx, config).mapEmpty();
    }
}
