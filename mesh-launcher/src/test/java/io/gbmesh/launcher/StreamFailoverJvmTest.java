package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams when a JVM of the mesh is killed with {@code kill -9}: a gateway, media nodes and two
 * api-service replicas each in their own JVM on loopback, one simulated camera streaming its real PS
 * capture. The stream table lives in the cluster ({@code gb.streams}, one backup), so a stream
 * started through one replica is listed, played and stopped through another after the first is gone.
 */
@Timeout(300)
class StreamFailoverJvmTest {
    private static final String TOKEN = "gbm_stream-failover-token-0123456789";
    private static final String SECRET = "stream-failover-media-secret-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Integer> apiPorts = new LinkedHashMap<>();
    private final String schema = "streamfo_" + ThreadLocalRandom.current().nextInt(1_000_000_000);
    private MeshJvms mesh;
    private Vertx devices;
    private DeviceSimulator camera;
    private int sipPort;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        try {
            if (devices != null) {
                devices.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (mesh != null) {
                mesh.close();
            }
        }
    }

    @Test
    void aStreamStartedThroughAKilledReplicaIsListedPlayedAndStoppedThroughAnother() throws Exception {
        startMesh(1, 2);
        String deviceId = camera.device(0).deviceId();
        String channelId = camera.device(0).channelIds().get(0);
        JsonObject started = post("api-1", "/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live");
        String streamId = started.getString("streamId");
        assertEquals(1, camera.device(0).media().streaming(), "the camera streams");

        mesh.kill("api-1");
        eventually(Duration.ofSeconds(30), () -> {
            JsonObject list = get("api-2", "/api/v1/streams");
            return list != null && list.getJsonArray("streams").stream()
                    .anyMatch(s -> streamId.equals(((JsonObject) s).getString("streamId")));
        }, "the stream listed by the other replica");
        JsonObject listed = streamOf(get("api-2", "/api/v1/streams"), streamId);
        long bytes = flvBytes(listed.getJsonObject("urls").getString("flv"), 64 * 1024, Duration.ofSeconds(20));
        assertTrue(bytes >= 64 * 1024, "the stream still plays: " + bytes + " bytes of FLV");

        assertEquals(204, delete("api-2", "/api/v1/streams/" + streamId));
        eventually(Duration.ofSeconds(20), () -> camera.device(0).media().streaming() == 0, "the camera got its BYE");
        assertTrue(get("api-2", "/api/v1/streams").getJsonArray("streams").isEmpty(), "no stream left");
    }

    @Test
    void aViewerOfTheStableUrlResumesWithinFiveSecondsWhenItsMediaNodeIsKilled() throws Exception {
        startMesh(2, 1);
        String deviceId = camera.device(0).deviceId();
        String channelId = camera.device(0).channelIds().get(0);
        JsonObject started = post("api-1", "/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live");
        String streamId = started.getString("streamId");
        String lostNode = started.getString("mediaNode");
        String stable = "http://127.0.0.1:" + apiPorts.get("api-1") + started.getJsonObject("urls").getString("stableFlv");
        assertTrue(stable.contains("/api/v1/streams/" + streamId + "/live.flv?token="), stable);

        StableViewer viewer = new StableViewer(stable);
        viewer.start();
        try {
            eventually(Duration.ofSeconds(30), () -> viewer.bytes >= 64 * 1024, "the viewer plays through the stable URL");
            long killedAt = System.nanoTime();
            mesh.kill(lostNode);
            eventually(Duration.ofSeconds(30), () -> viewer.resumedAt > killedAt, "the viewer resumed on another node");
            long resumeMillis = (viewer.resumedAt - killedAt) / 1_000_000;
            System.out.println("media node failover: viewer resumed " + resumeMillis + " ms after the kill, reconnects "
                    + viewer.connects);
            JsonObject moved = streamOf(get("api-1", "/api/v1/streams"), streamId);
            assertTrue(!lostNode.equals(moved.getString("mediaNode")), "the stream moved off " + lostNode + ": " + moved);
            assertEquals(1, camera.device(0).media().streaming(), "the camera streams once, to the new node");
            assertTrue(resumeMillis <= 5_000, "resumed " + resumeMillis + " ms after the kill");
        } finally {
            viewer.interrupt();
        }
    }

    /**
     * A player on the stable URL: reads the FLV it is redirected to, and when that breaks connects
     * again to the stable URL every 100 ms; {@link #resumedAt} is when a connection made after a
     * break had given 16 KiB of FLV.
     */
    private static final class StableViewer extends Thread {
        private final String url;
        volatile long bytes;
        volatile long resumedAt;
        volatile int connects;

        StableViewer(String url) {
            super("stable-viewer");
            this.url = url;
            setDaemon(true);
        }

        @Override
        public void run() {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            boolean broken = false;
            byte[] buf = new byte[16 * 1024];
            while (!isInterrupted()) {
                try {
                    connects++;
                    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() == 200) {
                        long here = 0;
                        try (InputStream in = r.body()) {
                            int got;
                            while ((got = in.read(buf)) >= 0 && !isInterrupted()) {
                                bytes += got;
                                here += got;
                                if (broken && here >= 16 * 1024) {
                                    resumedAt = System.nanoTime();
                                    broken = false;
                                }
                            }
                        }
                    } else {
                        r.body().close();
                    }
                } catch (Exception e) {
                    // the node went away, or the redirect still names it
                }
                broken = true;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** A gateway, {@code mediaNodes} media nodes and {@code apis} api replicas, and a camera online with its catalog. */
    private void startMesh(int mediaNodes, int apis) throws Exception {
        // the JVMs' logs are kept under target/ for a failed run to be read
        Path logs = Path.of("target", "stream-failover-logs", Long.toString(System.currentTimeMillis()));
        java.nio.file.Files.createDirectories(logs);
        mesh = new MeshJvms(logs);
        sipPort = MeshJvms.port();
        mesh.gateway("gw-1", sipPort, MeshJvms.port(), Map.of("GB_SIP_PASSWORD", "stream-pass"));
        int rtp = 34000 + ThreadLocalRandom.current().nextInt(100) * 40;
        for (int i = 1; i <= mediaNodes; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GB_MEDIA_NODE_ID", "media-" + i);
            env.put("GB_MEDIA_HOST", "127.0.0.1");
            env.put("GB_MEDIA_HTTP_PORT", Integer.toString(MeshJvms.port()));
            env.put("GB_RTP_PORT_MIN", Integer.toString(rtp + (i - 1) * 20));
            env.put("GB_RTP_PORT_MAX", Integer.toString(rtp + (i - 1) * 20 + 19));
            env.put("GB_MEDIA_URL_SECRET", SECRET);
            env.put("GB_MEDIA_LOAD_INTERVAL_MS", "500");
            mesh.start("media-" + i, "io.gbmesh.media.MediaNodeMain", 256, env);
        }
        for (int i = 1; i <= apis; i++) {
            int port = MeshJvms.port();
            apiPorts.put("api-" + i, port);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("GB_HTTP_HOST", "127.0.0.1");
            env.put("GB_HTTP_PORT", Integer.toString(port));
            env.put("GB_MQTT_PORT", Integer.toString(MeshJvms.port()));
            env.put("GB_ADMIN_TOKEN", TOKEN);
            env.put("GB_MEDIA_URL_SECRET", SECRET);
            env.put("GB_MEDIA_LOAD_INTERVAL_MS", "500");
            env.put("GB_FIRST_FRAME_TIMEOUT_MS", "30000");
            env.put("GB_PG_URL", System.getenv().getOrDefault("GB_PG_URL", "postgresql://127.0.0.1:5432/test"));
            env.put("GB_PG_SCHEMA", schema);
            env.put("GB_DATA_DIR", dir.resolve("api-data-" + i).toString());
            mesh.start("api-" + i, "io.gbmesh.api.ApiMain", 384, env);
        }
        eventually(Duration.ofSeconds(180), () -> apiPorts.keySet().stream().allMatch(a -> get(a, "/api/v1/devices?limit=1") != null),
                "every api replica up");
        devices = Vertx.vertx();
        camera = DeviceSimulator.start(devices, SimulatorConfig.of("127.0.0.1", sipPort).withPassword("stream-pass")
                .withCount(1, "3402000000132", 1 + ThreadLocalRandom.current().nextInt(9_000_000)))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        SimulatedDevice d = camera.device(0);
        eventually(Duration.ofSeconds(60), () -> {
            JsonObject device = get("api-1", "/api/v1/devices/" + d.deviceId());
            return device != null && device.getInteger("channelsKnown", 0) > 0;
        }, "the camera online with its channels");
    }

    private static JsonObject streamOf(JsonObject list, String streamId) {
        JsonArray streams = list.getJsonArray("streams");
        for (Object o : streams) {
            if (streamId.equals(((JsonObject) o).getString("streamId"))) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no stream " + streamId + " in " + list.encode());
    }

    /** Reads up to {@code enough} bytes of the FLV at {@code url} (following redirects), or what came within {@code within}. */
    static long flvBytes(String url, long enough, Duration within) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(within).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            return -r.statusCode();
        }
        long n = 0;
        long deadline = System.nanoTime() + within.toNanos();
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = r.body()) {
            while (n < enough && System.nanoTime() < deadline) {
                int got = in.read(buf);
                if (got < 0) {
                    break;
                }
                n += got;
            }
        }
        return n;
    }

    JsonObject get(String api, String path) {
        try {
            HttpResponse<String> r = HTTP.send(request(api, path).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * POSTs until answered 200 (a 503 while no media node has reported yet, a 504 when the first frame
     * was late on a loaded machine, are asked again), within 60 s.
     */
    JsonObject post(String api, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> r = HTTP.send(request(api, path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return new JsonObject(r.body());
            }
            if (r.statusCode() != 503 && r.statusCode() != 504 || System.nanoTime() > deadline) {
                throw new AssertionError(r.statusCode() + " " + r.body() + mesh.tails(10));
            }
            Thread.sleep(500);
        }
    }

    int delete(String api, String path) throws Exception {
        return HTTP.send(request(api, path).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private HttpRequest.Builder request(String api, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPorts.get(api) + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60));
    }

    void eventually(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + mesh.tails(10));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
