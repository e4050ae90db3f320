package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.GatewayPresence;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.gateway.redirect.RedirectPolicy;
import io.gbmesh.runtime.MeshCluster;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration redirect across gateway JVMs on loopback (GB/T 28181-2022): three {@code GatewayMain}
 * processes in one cluster with {@code GB_REDIRECT=hash}, every device pointed at the first. 300
 * simulated devices follow the 302s and end up spread over the three by the policy, each online
 * once; sipp gets the 302 naming its owner and registers there; a device that ignores 302s is served
 * after the tries; a fourth gateway joins and takes only its share, at the devices' next registration.
 */
class GatewayRedirectJvmTest {
    private static final String PASSWORD = "redirect-pass";
    private static final String PREFIX = "3402000000132";
    private final String cluster = "gbmesh-redirect-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final int hzPort = 16000 + ThreadLocalRandom.current().nextInt(300) * 10;
    private final Map<String, Process> gateways = new LinkedHashMap<>();
    private final Map<String, Integer> sipPorts = new HashMap<>();
    private final Map<String, Integer> httpPorts = new HashMap<>();
    private Vertx observer;
    private Vertx devices;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (devices != null) {
            Await.await(devices.close());
        }
        for (Process p : gateways.values()) {
            p.destroy();
        }
        for (Process p : gateways.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (observer != null) {
            Await.await(observer.close());
        }
    }

    @Test
    void devicesFollowTheRedirectToTheirNodeAndAJoiningNodeTakesOnlyItsShare() throws Exception {
        observer = Await.await(MeshCluster.start(MeshCluster.Settings.loopback(cluster, hzPort)));
        Map<String, AtomicInteger> firstOnline = new ConcurrentHashMap<>();
        AtomicInteger offline = new AtomicInteger();
        observer.eventBus().<Object>consumer(Addresses.DEVICE_ONLINE, m -> {
            DeviceOnline e = (DeviceOnline) m.body();
            if (!e.refresh()) {
                firstOnline.computeIfAbsent(e.deviceId(), k -> new AtomicInteger()).incrementAndGet();
            }
        });
        observer.eventBus().<Object>consumer(Addresses.DEVICE_OFFLINE, m -> offline.incrementAndGet());
        for (String node : List.of("gw-1", "gw-2", "gw-3")) {
            startGateway(node);
        }
        Await.eventually("every gateway sees three in the directory", Duration.ofSeconds(60),
                () -> everyGatewaySees(3), this::gatewayLogs);

        // 300 devices, all configured with gw-1; expires 9 s so that they re-register every 6 s
        devices = Vertx.vertx();
        SimulatorConfig config = SimulatorConfig.of("127.0.0.1", sipPorts.get("gw-1")).withPassword(PASSWORD)
                .withCount(300, PREFIX, 1).withTiming(9, 60, 3);
        DeviceSimulator fleet = Await.await(DeviceSimulator.start(devices, config));
        List<GatewayPresence> three = live();
        Map<String, Integer> perNode = new HashMap<>();
        for (SimulatedDevice d : fleet.devices()) {
            String owner = RedirectPolicy.byHash(d.deviceId(), three).nodeId();
            if (sipPorts.get(owner) != d.registrar().port()) {
                throw new AssertionError(d.deviceId() + " owned by " + owner + " registered at port " + d.registrar().port()
                        + " (" + sipPorts + "), redirects followed " + d.redirectsFollowed() + ", refused "
                        + d.registrationsRefused() + ", unanswered " + d.registrationsUnanswered() + gatewayLogs());
            }
            perNode.merge(owner, 1, Integer::sum);
        }
        for (String node : List.of("gw-1", "gw-2", "gw-3")) {
            assertTrue(perNode.getOrDefault(node, 0) >= 60, "spread by the policy: " + perNode);
        }
        Await.eventually("every device in the registry", Duration.ofSeconds(20),
                () -> registry().size() >= 300, this::gatewayLogs);
        Map<String, DeviceRegistration> entries = registry();
        for (SimulatedDevice d : fleet.devices()) {
            assertEquals(RedirectPolicy.byHash(d.deviceId(), three).nodeId(), entries.get(d.deviceId()).gatewayNode());
        }
        Await.eventually("an online event for every device", Duration.ofSeconds(10),
                () -> firstOnline.size() >= 300, this::gatewayLogs);
        assertTrue(firstOnline.values().stream().allMatch(n -> n.get() == 1), "each device came online once");

        // sipp, a device of another implementation, gets the 302 naming its owner, and registers there
        String sippDevice = idOwnedBy("gw-2", three, 500);
        int redirectedTo = sippRedirectedPort(sippDevice, sipPorts.get("gw-1"));
        assertEquals((int) sipPorts.get("gw-2"), redirectedTo);
        assertEquals(0, sipp("register-digest.xml", sippDevice, redirectedTo).exitCode);
        Await.eventually("sipp's device owned by gw-2", Duration.ofSeconds(10),
                () -> "gw-2".equals(nodeOf(sippDevice)), this::gatewayLogs);

        // a device that ignores 302 (older firmware) is served at gw-1 after GB_REDIRECT_TRIES (2) redirects
        SimulatedDevice stubborn = DeviceSimulator.device(devices, config.withCount(1, PREFIX, 1),
                serial(idOwnedBy("gw-3", three, 700)));
        stubborn.ignoreRedirects(true);
        assertTrue(awaitFailure(stubborn.start()), "first REGISTER redirected");
        assertTrue(awaitFailure(stubborn.register()), "second REGISTER redirected");
        Await.await(stubborn.register());
        assertEquals((int) sipPorts.get("gw-1"), stubborn.registrar().port());
        Await.eventually("the stubborn device served by gw-1", Duration.ofSeconds(10),
                () -> "gw-1".equals(nodeOf(stubborn.deviceId())), this::gatewayLogs);

        // a fourth gateway joins: at their next registration only the devices it owns now move, all to it
        Map<String, Integer> before = new HashMap<>();
        fleet.devices().forEach(d -> before.put(d.deviceId(), d.registrar().port()));
        startGateway("gw-4");
        Await.eventually("every gateway sees four in the directory", Duration.ofSeconds(60),
                () -> everyGatewaySees(4), this::gatewayLogs);
        List<GatewayPresence> four = live();
        long toMove = fleet.devices().stream()
                .filter(d -> RedirectPolicy.byHash(d.deviceId(), four).nodeId().equals("gw-4")).count();
        assertTrue(toMove >= 40 && toMove <= 110, "gw-4's share of 300: " + toMove);
        Await.eventually("every device at its owner among four", Duration.ofSeconds(40), () -> fleet.devices().stream()
                        .allMatch(d -> d.registrar().port() == sipPorts.get(RedirectPolicy.byHash(d.deviceId(), four).nodeId())),
                this::gatewayLogs);
        int moved = 0;
        for (SimulatedDevice d : fleet.devices()) {
            if (d.registrar().port() != before.get(d.deviceId())) {
                moved++;
                assertEquals((int) sipPorts.get("gw-4"), d.registrar().port(), "a device moved between old nodes");
            }
        }
        assertEquals(toMove, moved);
        java.util.Set<String> movers = new java.util.HashSet<>();
        fleet.devices().stream().filter(d -> RedirectPolicy.byHash(d.deviceId(), four).nodeId().equals("gw-4"))
                .forEach(d -> movers.add(d.deviceId()));
        try {
            Await.eventually("the registry shows gw-4's devices", Duration.ofSeconds(15), () -> registry().entrySet().stream()
                    .allMatch(e -> !movers.contains(e.getKey()) || e.getValue().gatewayNode().equals("gw-4")), this::gatewayLogs);
        } catch (AssertionError e) {
            Map<String, DeviceRegistration> now = registry();
            List<String> wrong = movers.stream().filter(id -> now.get(id) == null || !now.get(id).gatewayNode().equals("gw-4"))
                    .map(id -> id + "=" + (now.get(id) == null ? "absent" : now.get(id).gatewayNode())).toList();
            throw new AssertionError(wrong + " " + e.getMessage());
        }
        assertEquals(0, offline.get(), "no device went offline on the way");
    }

    private void startGateway(String node) throws IOException {
        int sip = TestSupport.freePort();
        int http = TestSupport.freePort();
        sipPorts.put(node, sip);
        httpPorts.put(node, http);
        List<String> members = new ArrayList<>();
        for (int p = hzPort; p < hzPort + 10; p++) {
            members.add("127.0.0.1:" + p);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.gbmesh.gateway.GatewayMain")
                .redirectErrorStream(true).redirectOutput(dir.resolve(node + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("GB_NODE_ID", node);
        env.put("GB_SIP_HOST", "127.0.0.1");
        env.put("GB_SIP_PORT", Integer.toString(sip));
        env.put("GB_GATEWAY_HTTP_PORT", Integer.toString(http));
        env.put("GB_SIP_PASSWORD", PASSWORD);
        env.put("GB_QUERY_ON_ONLINE", "false");
        env.put("GB_REDIRECT", "hash");
        env.put("GB_GATEWAY_PRESENCE_MS", "1000");
        env.put("GB_STATS_LOG_SECONDS", "2");
        env.put("GB_CLUSTER_NAME", cluster);
        env.put("GB_CLUSTER_HOST", "127.0.0.1");
        env.put("GB_CLUSTER_PORT", Integer.toString(hzPort));
        env.put("GB_CLUSTER_MEMBERS", String.join(",", members));
        gateways.put(node, pb.start());
    }

    /** Whether every gateway started so far has {@code n} gateways in its own snapshot (its /metrics). */
    private boolean everyGatewaySees(int n) {
        for (int port : httpPorts.values()) {
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (!r.body().contains("gbmesh_gateway_gateways_live " + n + "\n")) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return live().size() == n;
    }

    private List<GatewayPresence> live() {
        AsyncMap<String, String> map = Await.await(observer.sharedData().<String, String>getAsyncMap(Addresses.GATEWAYS_MAP));
        return Await.await(map.entries()).values().stream().map(j -> MeshCodec.fromJson(j, GatewayPresence.class))
                .sorted(java.util.Comparator.comparing(GatewayPresence::nodeId)).toList();
    }

    private Map<String, DeviceRegistration> registry() {
        AsyncMap<String, String> map = Await.await(observer.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP));
        Map<String, DeviceRegistration> out = new HashMap<>();
        Await.await(map.entries()).forEach((id, json) -> out.put(id, MeshCodec.fromJson(json, DeviceRegistration.class)));
        return out;
    }

    private String nodeOf(String deviceId) {
        DeviceRegistration r = registry().get(deviceId);
        return r == null ? null : r.gatewayNode();
    }

    /** A device ID (serial from {@code from}) that the policy gives to {@code node}. */
    private static String idOwnedBy(String node, List<GatewayPresence> gateways, int from) {
        for (int i = from; ; i++) {
            String id = PREFIX + String.format("%07d", i);
            if (RedirectPolicy.byHash(id, gateways).nodeId().equals(node)) {
                return id;
            }
        }
    }

    private static int serial(String deviceId) {
        return Integer.parseInt(deviceId.substring(PREFIX.length())) - 1;
    }

    private record Sipp(int exitCode, String output) {
    }

    private int sippRedirectedPort(String device, int port) throws Exception {
        Sipp r = sipp("register-redirected.xml", device, port);
        assertEquals(0, r.exitCode, r.output);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.getFileName().toString().endsWith("_logs.log")).toList()) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    int at = line.indexOf("redirected-to ");
                    if (at >= 0) {
                        return Integer.parseInt(line.substring(at + "redirected-to ".length()).split(" ")[0].trim());
                    }
                }
            }
        }
        throw new AssertionError("sipp logged no redirect: " + r.output);
    }

    private Sipp sipp(String scenario, String device, int port) throws IOException, InterruptedException {
        Path xml = dir.resolve(scenario);
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + scenario)) {
            Files.write(xml, in.readAllBytes());
        }
        Path users = dir.resolve("users-" + scenario + ".csv");
        Files.writeString(users, "SEQUENTIAL\n" + device + ";[authentication username=" + device + " password=" + PASSWORD
                + "];3402000000;34020000002000000001;3600\n", StandardCharsets.UTF_8);
        List<String> cmd = List.of("sipp", "127.0.0.1:" + port, "-sf", xml.toString(), "-inf", users.toString(),
                "-m", "1", "-l", "1", "-i", "127.0.0.1", "-p", Integer.toString(TestSupport.freePort()), "-t", "u1",
                "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err", "-trace_logs");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "sipp-" + scenario + ".out")).start();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "sipp did not finish");
        return new Sipp(p.exitValue(), Files.readString(dir.resolve("sipp-" + scenario + ".out")));
    }

    private String gatewayLogs() {
        StringBuilder logs = new StringBuilder();
        for (String node : gateways.keySet()) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(node + ".log"));
                logs.append("\n--- ").append(node).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size())));
            } catch (IOException e) {
                logs.append("\n--- ").append(node).append(": ").append(e);
            }
        }
        return logs.toString();
    }


    private static boolean awaitFailure(Future<?> future) {
        try {
            future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return false;
        } catch (Exception e) {
            return true;
        }
    }

}
