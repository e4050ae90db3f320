package io.gbmesh.launcher;

import io.gbmesh.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Roles of the mesh each in its own JVM on loopback, one cluster: {@code GatewayMain},
 * {@code MediaNodeMain}, {@code ApiMain} started with the test's class path and their settings in the
 * environment, each logging to {@code <dir>/<node>.log}. {@link #kill} ends one as {@code kill -9}
 * does; {@link #close} ends the rest (forcibly after a grace period), and a shutdown hook does the
 * same if the test JVM itself is stopped, so that no JVM outlives its test.
 */
final class MeshJvms implements AutoCloseable {
    private final Path dir;
    private final String cluster = "gbmesh-jvms-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final int hzPort = 16000 + ThreadLocalRandom.current().nextInt(300) * 10;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::destroyAll, "mesh-jvms-cleanup");

    MeshJvms(Path dir) {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The environment every role of this mesh shares: the cluster on loopback. */
    Map<String, String> clusterEnv() {
        List<String> members = new ArrayList<>();
        for (int p = hzPort; p < hzPort + 10; p++) {
            members.add("127.0.0.1:" + p);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GB_CLUSTER_NAME", cluster);
        env.put("GB_CLUSTER_HOST", "127.0.0.1");
        env.put("GB_CLUSTER_PORT", Integer.toString(hzPort));
        env.put("GB_CLUSTER_MEMBERS", String.join(",", members));
        return env;
    }

    /** Starts {@code mainClass} as {@code node}, with the cluster settings and {@code env}, in {@code heapMb} of heap. */
    Process start(String node, String mainClass, int heapMb, Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heapMb + "m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectErrorStream(true).redirectOutput(log(node).toFile());
        pb.environment().putAll(clusterEnv());
        pb.environment().put("GB_NODE_ID", node);
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.put(node, p);
        return p;
    }

    /** A gateway node with its SIP port and metrics port, and {@code env} on top of the defaults. */
    Process gateway(String node, int sipPort, int httpPort, Map<String, String> env) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("GB_SIP_HOST", "127.0.0.1");
        all.put("GB_SIP_PORT", Integer.toString(sipPort));
        all.put("GB_GATEWAY_HTTP_PORT", Integer.toString(httpPort));
        all.put("GB_STATS_LOG_SECONDS", "5");
        all.putAll(env);
        return start(node, "io.gbmesh.gateway.GatewayMain", 384, all);
    }

    /** Ends {@code node} at once with SIGKILL, as {@code kill -9}: no clean leave, no unregistration. */
    void kill(String node) throws InterruptedException {
        Process p = processes.get(node);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive(String node) {
        Process p = processes.get(node);
        return p != null && p.isAlive();
    }

    Path log(String node) {
        return dir.resolve(node + ".log");
    }

    /** The last {@code lines} lines of every node's log, for a failure message. */
    String tails(int lines) {
        StringBuilder out = new StringBuilder();
        for (String node : processes.keySet()) {
            try {
                List<String> all = Files.readAllLines(log(node));
                out.append("\n--- ").append(node).append(alive(node) ? "" : " (ended)").append('\n')
                        .append(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())));
            } catch (IOException e) {
                out.append("\n--- ").append(node).append(": ").append(e);
            }
        }
        return out.toString();
    }

    static int port() {
        return FreePorts.tcpAndUdp();
    }

    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void destroyAll() {
        for (Process p : processes.values()) {
            p.destroy();
        }
        for (Process p : processes.values()) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
