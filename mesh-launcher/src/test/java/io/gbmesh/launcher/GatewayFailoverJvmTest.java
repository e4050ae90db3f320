package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway killed with {@code kill -9} under load: three {@code GatewayMain} JVMs with registration
 * redirect by hash, one {@code ApiMain} JVM on the PostgreSQL of the machine (a schema of its own),
 * and simulated devices spread over the three gateways as their configured platform (a third each),
 * each with the other two as backups ({@link SimulatedDevice#failover}). Once every device is online
 * in the API, gw-3 is killed. Then:
 * <ul>
 *   <li>every device of gw-3 is registered at a live gateway within two keepalive intervals of the
 *       kill: a device configured with gw-1 or gw-2 goes back there and is redirected by the live
 *       nodes' hash; one configured with gw-3 finds it silent and falls back to its next platform;</li>
 *   <li>the API shows every device online at a live gateway, and its history after the kill holds
 *       nothing, the new ONLINE, or one OFFLINE/ONLINE pair ending online: no event lost, no hole;</li>
 *   <li>no device that kept sending keepalives to a live gateway has anything in its history after
 *       the kill: none was ever offline in the API.</li>
 * </ul>
 * Bounded by {@code -Dfailover.devices} (default 1,000) and {@code -Dfailover.keepalive} (seconds,
 * default 10); {@code bench/failover.sh} runs it with 10,000. With {@code -Dfailover.report=<file>}
 * the figures are written there.
 */
@Timeout(900)
class GatewayFailoverJvmTest {
    private static final String PASSWORD = "failover-pass";
    private static final String TOKEN = "gbm_failover-test-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> NODES = List.of("gw-1", "gw-2", "gw-3");
    private static final String KILLED = "gw-3";

    private final int count = Integer.getInteger("failover.devices", 1000);
    private final int keepalive = Integer.getInteger("failover.keepalive", 10);
    private final Map<String, Integer> sipPorts = new LinkedHashMap<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private int apiPort;

    @TempDir
    Path dir;

    @Test
    void killedGatewaysDevicesComeBackThroughTheOthersWithNoEventLost() throws Exception {
        Vertx devices = Vertx.vertx();
        try (MeshJvms mesh = new MeshJvms(dir)) {
            startMesh(mesh);
            List<SimulatedDevice> fleet = startFleet(devices, mesh);
            Await.eventually("all " + count + " devices online in the API", Duration.ofSeconds(Math.max(60, count / 50)),
                    () -> onlineInApi() == count, () -> mesh.tails(8));

            Map<String, Integer> registrationsBefore = new HashMap<>();
            List<SimulatedDevice> moving = new ArrayList<>();
            for (SimulatedDevice d : fleet) {
                registrationsBefore.put(d.deviceId(), d.registrations());
                if (d.registrar().port() == sipPorts.get(KILLED)) {
                    moving.add(d);
                }
            }
            assertTrue(moving.size() >= count / 6, "gw-3 owns its share: " + moving.size());

            Instant killedAt = Instant.now();
            mesh.kill(KILLED);
            long deadline = keepalive * 2_000L;
            long reRegistered = Await.elapsed("every device registered again, away from " + KILLED, Duration.ofMillis(deadline + 60_000),
                    () -> fleet.stream()
                    .allMatch(d -> d.registered() && d.registrar().port() != sipPorts.get(KILLED)));
            long apiOnline = Await.elapsed("every device online at a live node in the API", Duration.ofSeconds(120),
                    () -> everyDeviceAtALiveNodeInApi() == count);

            int lost = 0;
            int wronglyOffline = 0;
            int reRegisteredAtLiveNode = 0;
            List<String> problems = new ArrayList<>();
            java.util.Set<String> moved = new java.util.HashSet<>();
            moving.forEach(d -> moved.add(d.deviceId()));
            for (SimulatedDevice d : fleet) {
                List<JsonObject> after = historySince(d.deviceId(), killedAt);
                boolean ok;
                if (moved.contains(d.deviceId())) {
                    ok = after.isEmpty() || wellFormedReturn(after);
                    if (!ok) {
                        lost++;
                    }
                } else {
                    ok = after.isEmpty();
                    if (!ok) {
                        wronglyOffline++;
                    }
                    if (d.registrations() != registrationsBefore.get(d.deviceId())) {
                        reRegisteredAtLiveNode++; // a keepalive answered late under load: registered again, still online
                    }
                }
                if (!ok && problems.size() < 10) {
                    problems.add(d.deviceId() + " " + after);
                }
            }
            report(moving.size(), reRegistered, apiOnline, lost, wronglyOffline, reRegisteredAtLiveNode, fleet);
            assertEquals(0, lost, "devices of gw-3 with a hole in their history: " + problems);
            assertEquals(0, wronglyOffline, "devices of live gateways touched by the failover: " + problems);
            assertTrue(reRegistered <= deadline, "every device registered at a live gateway " + reRegistered
                    + " ms after the kill; two keepalive intervals are " + deadline + " ms");
        } finally {
            devices.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private void startMesh(MeshJvms mesh) throws Exception {
        for (String node : NODES) {
            sipPorts.put(node, MeshJvms.port());
            httpPorts.put(node, MeshJvms.port());
        }
        for (String node : NODES) {
            mesh.gateway(node, sipPorts.get(node), httpPorts.get(node), Map.of(
                    "GB_SIP_PASSWORD", PASSWORD,
                    "GB_REDIRECT", "hash",
                    "GB_GATEWAY_PRESENCE_MS", "500",
                    "GB_QUERY_ON_ONLINE", "false",
                    "GB_HEARTBEAT_INTERVAL", Integer.toString(keepalive),
                    "GB_HEARTBEAT_COUNT", "3"));
        }
        apiPort = MeshJvms.port();
        mesh.start("api-1", "io.gbmesh.api.ApiMain", 512, Map.of(
                "GB_HTTP_HOST", "127.0.0.1",
                "GB_HTTP_PORT", Integer.toString(apiPort),
                "GB_MQTT_PORT", Integer.toString(MeshJvms.port()),
                "GB_ADMIN_TOKEN", TOKEN,
                "GB_MEDIA_URL_SECRET", "failover-media-url-secret-0123456789",
                "GB_PG_URL", System.getenv().getOrDefault("GB_PG_URL", "postgresql://127.0.0.1:5432/test"),
                "GB_PG_SCHEMA", "failover_" + ThreadLocalRandom.current().nextInt(1_000_000_000),
                "GB_DATA_DIR", dir.resolve("api-data").toString()));
        Await.eventually("three gateways in every directory, and the API up", Duration.ofSeconds(120),
                () -> NODES.stream().allMatch(this::seesThreeGateways)
                && get("/api/v1/devices?limit=1") != null, () -> mesh.tails(8));
    }

    /**
     * The fleet, a third configured with each gateway (the others as its backups), started in slices
     * so that the registrations come as a steady storm; once online, each is set to fail over.
     */
    private List<SimulatedDevice> startFleet(Vertx vertx, MeshJvms mesh) {
        List<Peer> platforms = NODES.stream().map(n -> new Peer(SipTransport.UDP, "127.0.0.1", sipPorts.get(n))).toList();
        List<SimulatedDevice> fleet = new ArrayList<>();
        List<List<Peer>> backups = new ArrayList<>();
        String prefix = "3402000000132";
        for (int g = 0; g < NODES.size(); g++) {
            int first = 1 + g * count / NODES.size();
            int n = (g + 1) * count / NODES.size() - g * count / NODES.size();
            SimulatorConfig config = SimulatorConfig.of("127.0.0.1", sipPorts.get(NODES.get(g))).withPassword(PASSWORD)
                    .withCount(n, prefix, first).withTiming(3600, keepalive, 1);
            List<Peer> order = new ArrayList<>();
            for (int i = 0; i < platforms.size(); i++) {
                order.add(platforms.get((g + i) % platforms.size()));
            }
            for (int i = 0; i < n; i++) {
                fleet.add(DeviceSimulator.device(vertx, config, i));
                backups.add(order);
            }
        }
        for (int from = 0; from < fleet.size(); from += 250) {
            List<Future<Void>> slice = new ArrayList<>();
            for (SimulatedDevice d : fleet.subList(from, Math.min(fleet.size(), from + 250))) {
                // a REGISTER lost in the storm is sent again, as a camera does
                slice.add(d.start().recover(e -> d.register()).recover(e -> d.register()));
            }
            try {
                Future.all(slice).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("devices " + from + ".. did not register: " + e + mesh.tails(8));
            }
        }
        // online, each waits a quarter of a keepalive interval for an answer, and knows its backups
        for (int i = 0; i < fleet.size(); i++) {
            fleet.get(i).failover(backups.get(i), keepalive * 250L);
        }
        return fleet;
    }

    /** Whether the history since {@code since} is the device's return: [ONLINE] or [OFFLINE, ONLINE] at a live gateway. */
    private static boolean wellFormedReturn(List<JsonObject> sinceOldestFirst) {
        JsonObject last = sinceOldestFirst.get(sinceOldestFirst.size() - 1);
        if (!"ONLINE".equals(last.getString("kind")) || KILLED.equals(last.getString("gatewayNode"))) {
            return false;
        }
        return sinceOldestFirst.size() == 1
                || sinceOldestFirst.size() == 2 && "OFFLINE".equals(sinceOldestFirst.get(0).getString("kind"));
    }

    /** The device's history rows at or after {@code since}, oldest first. */
    private List<JsonObject> historySince(String deviceId, Instant since) {
        JsonObject page = get("/api/v1/devices/" + deviceId + "/history?limit=50");
        if (page == null) {
            throw new AssertionError("no history for " + deviceId);
        }
        List<JsonObject> out = new ArrayList<>();
        JsonArray items = page.getJsonArray("items");
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonObject row = items.getJsonObject(i);
            if (!Instant.parse(row.getString("at")).isBefore(since)) {
                out.add(row);
            }
        }
        return out;
    }

    private int onlineInApi() {
        JsonObject page = get("/api/v1/devices?online=true&limit=1");
        return page == null ? -1 : page.getInteger("total", -1);
    }

    /** Devices the API shows online at a gateway other than the killed one, over every page of the list. */
    private int everyDeviceAtALiveNodeInApi() {
        int n = 0;
        String after = null;
        while (true) {
            JsonObject page = get("/api/v1/devices?limit=500" + (after == null ? "" : "&after=" + after));
            if (page == null) {
                return -1;
            }
            for (Object o : page.getJsonArray("items")) {
                JsonObject d = (JsonObject) o;
                if (Boolean.TRUE.equals(d.getBoolean("online")) && !KILLED.equals(d.getString("gatewayNode"))) {
                    n++;
                }
            }
            after = page.getString("next");
            if (after == null) {
                return n;
            }
        }
    }

    private boolean seesThreeGateways(String node) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPorts.get(node) + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().contains("gbmesh_gateway_gateways_live 3\n");
        } catch (Exception e) {
            return false;
        }
    }

    private JsonObject get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    private void report(int moved, long reRegistered, long apiOnline, int lost, int wronglyOffline, int reRegisteredElsewhere,
                        List<SimulatedDevice> fleet) throws Exception {
        int switched = (int) fleet.stream().filter(d -> d.platformSwitches() > 0).count();
        String line = String.format("devices=%d keepalive_s=%d moved=%d fell_back_to_backup=%d reregistered_ms=%d api_online_ms=%d"
                        + " events_lost=%d wrongly_offline=%d others_registered_again=%d%n", count, keepalive, moved, switched, reRegistered,
                apiOnline, lost, wronglyOffline, reRegisteredElsewhere);
        System.out.print("gateway failover: " + line);
        String file = System.getProperty("failover.report");
        if (file != null) {
            Files.writeString(Path.of(file), line, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
