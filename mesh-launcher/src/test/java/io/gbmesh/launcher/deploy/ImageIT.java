package io.gbmesh.launcher.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image {@code mvn verify} writes to {@code target/gbmesh-image.tar} (Jib, no daemon):
 * its configuration (non-root user, entrypoint with Hazelcast's --add-opens, declared ports), its
 * file system (a Java runtime and the libraries it links to, nothing of the build machine), and —
 * where this runs as root — the image itself run: its file system as the root of a process, as the
 * image's user, the way a container runtime does.
 */
class ImageIT {
    private static final Path TAR = Path.of("target/gbmesh-image.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static JsonNode config;
    static Path rootfs;

    @BeforeAll
    static void unpack() throws Exception {
        assertTrue(Files.exists(TAR), TAR + " is missing: it is built by `mvn verify` (jib:buildTar)");
        Path image = Files.createDirectories(work.resolve("image"));
        run(List.of("tar", "-xf", TAR.toAbsolutePath().toString(), "-C", image.toString()));
        JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
        config = JSON.readTree(image.resolve(manifest.path("Config").asText()).toFile()).path("config");
        rootfs = Files.createDirectories(work.resolve("rootfs"));
        for (JsonNode layer : manifest.path("Layers")) {
            run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve(layer.asText()).toString(), "-C", rootfs.toString()));
        }
    }

    @Test
    void runsAsItsOwnUserNotRoot() throws IOException {
        assertEquals("10001:10001", config.path("User").asText());
        assertTrue(Files.readAllLines(rootfs.resolve("etc/passwd")).contains("gbmesh:x:10001:10001:gbmesh:/tmp:/sbin/nologin"));
    }

    @Test
    void theEntrypointIsTheLauncherOnTheImagesJavaWithWhatHazelcastAsksFor() {
        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
        assertEquals("/opt/java/bin/java", entrypoint.get(0));
        assertEquals("io.gbmesh.launcher.MeshLauncher", entrypoint.get(entrypoint.size() - 1));
        for (String flag : List.of("--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED",
                "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED")) {
            assertTrue(entrypoint.contains(flag), flag + " missing from " + entrypoint);
        }
        assertTrue(config.path("Cmd").isMissingNode() || config.path("Cmd").isNull() || config.path("Cmd").isEmpty(),
                "no default role: without one the launcher starts them all");
    }

    @Test
    void declaresThePortsTheRolesServe() {
        Set<String> ports = new TreeSet<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertTrue(ports.containsAll(Set.of("5060/udp", "5060/tcp", "8080/tcp", "8081/tcp", "8082/tcp", "1883/tcp", "5701/tcp", "5711/tcp")),
                ports.toString());
    }

    @Test
    void holdsAJavaRuntimeItsLibrariesAndTheClasspathButNothingOfTheBuildMachine() throws IOException {
        assertTrue(Files.isExecutable(rootfs.resolve("opt/java/bin/java")));
        assertTrue(Files.isExecutable(rootfs.resolve("lib64/ld-linux-x86-64.so.2")));
        assertTrue(Files.exists(rootfs.resolve("lib/x86_64-linux-gnu/libc.so.6")));
        // named by the FFmpeg JavaCPP ships (stream pushing): without them it does not load
        assertTrue(Files.exists(rootfs.resolve("lib/x86_64-linux-gnu/libpthread.so.0")));
        assertTrue(Files.exists(rootfs.resolve("lib/x86_64-linux-gnu/libdl.so.2")));
        Set<String> top = new TreeSet<>();
        try (var list = Files.list(rootfs)) {
            list.forEach(p -> top.add(p.getFileName().toString()));
        }
        assertTrue(Set.of("app", "etc", "lib", "lib64", "opt", "tmp", "usr").containsAll(top), "unexpected top-level entries: " + top);
        for (String entry : Files.readString(rootfs.resolve("app/jib-classpath-file")).trim().split(":")) {
            assertTrue(Files.exists(rootfs.resolve(entry.substring(1))), "classpath entry missing from the image: " + entry);
        }
    }

    /** The image run as a container runtime would: {@code --version}, then the gateway until it is ready. */
    @Test
    void theImageRunsTheGatewayUntilReady() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && new File("/usr/bin/unshare").canExecute()
                && new File("/usr/sbin/chroot").canExecute(), "running the image's file system needs root, unshare and chroot");
        Path versionOut = work.resolve("version.out");
        Process versionRun = container(Map.of(), versionOut, "--version");
        assertTrue(versionRun.waitFor(60, TimeUnit.SECONDS) && versionRun.exitValue() == 0, Files.readString(versionOut));
        String version = Files.readString(versionOut);
        assertTrue(version.trim().matches("gbmesh \\d+\\.\\d+\\.\\d+.*"), version);

        int http = freeTcpPort();
        Path log = work.resolve("gateway.log");
        Process gateway = container(Map.of("GB_SIP_AUTH", "off", "GB_SIP_LISTEN", "udp", "GB_SIP_PORT", Integer.toString(freeUdpPort()),
                "GB_GATEWAY_HTTP_PORT", Integer.toString(http), "GB_CLUSTER_NAME", "image-it-" + ProcessHandle.current().pid(),
                "GB_LOG_FORMAT", "json"), log, "gateway");
        try {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/ready")).timeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            int status = 0;
            while (status != 200 && gateway.isAlive() && System.nanoTime() < deadline) {
                try {
                    status = client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            assertEquals(200, status, "the gateway in the image did not become ready");
        } finally {
            stop(gateway);
        }
        String output = Files.readString(log);
        String first = output.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(
                () -> new AssertionError("no JSON log line from the gateway: " + output));
        JsonNode line = JSON.readTree(first);
        assertTrue(line.has("timestamp") && line.has("level") && line.has("mdc"), first);
        // Hazelcast says so when the --add-opens it asks for are missing, or the runtime lacks jdk.net
        assertTrue(!output.contains("without proper access"), output);
        assertTrue(!output.contains("does not support jdk.net.ExtendedSocketOptions"), output);
    }

    /**
     * The image's entrypoint with {@code args}, its environment plus {@code env}, in new mount and PID
     * namespaces whose root is the image's file system, as the image's user; {@code /proc} and
     * {@code /dev} are provided there as a container runtime provides them. Its output goes to {@code output}.
     */
    private static Process container(Map<String, String> env, Path output, String... args) throws IOException {
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        StringBuilder command = new StringBuilder("mount -t proc proc '" + rootfs + "/proc' && mount --rbind /dev '" + rootfs
                + "/dev' && exec chroot --userspec=" + config.path("User").asText() + " '" + rootfs + "'");
        config.path("Entrypoint").forEach(a -> command.append(" '").append(a.asText()).append("'"));
        for (String a : args) {
            command.append(" '").append(a).append("'");
        }
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--pid", "--fork", "--kill-child", "bash", "-c", command.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().clear();
        config.path("Env").forEach(e -> {
            String[] kv = e.asText().split("=", 2);
            pb.environment().put(kv[0], kv[1]);
        });
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * Stops the container's process and then unshare. The process is PID 1 of its namespace and
     * changed user, which clears the parent-death signal unshare's --kill-child relies on: it is
     * signalled itself.
     */
    private static void stop(Process unshare) throws Exception {
        List<ProcessHandle> inside = unshare.descendants().toList();
        inside.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : inside) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stuck) {
                p.destroyForcibly();
            }
        }
        unshare.destroy();
        if (!unshare.waitFor(10, TimeUnit.SECONDS)) {
            unshare.destroyForcibly();
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }

    private static int freeTcpPort() throws IOException {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }

    private static int freeUdpPort() throws IOException {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }
}
