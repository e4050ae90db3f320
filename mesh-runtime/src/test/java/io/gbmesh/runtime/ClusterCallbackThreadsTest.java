package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A clustered map's asynchronous operations complete without a thread each: Hazelcast runs their
 * callbacks on the common fork-join pool, or, when that pool has one thread (a 2-core machine's
 * default), on a new thread per callback. {@link MeshCluster#start} gives the pool two threads or more
 * first; 2,000 map operations then start a handful of threads, not thousands. Run in a JVM of its own
 * (the common pool is made once per JVM, and other tests of this one may have made it already), with
 * one processor, as on the machines where the JDK gives the pool one thread.
 */
@Timeout(180)
class ClusterCallbackThreadsTest {

    @Test
    void asyncMapOperationsDoNotStartAThreadEach() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ActiveProcessorCount=1", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                Integer.toString(FreePorts.tcpAndUdp()))
                .redirectErrorStream(true).start();
        try {
            assertTrue(probe.waitFor(150, TimeUnit.SECONDS), "the probe JVM ends");
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String result = out.lines().filter(l -> l.startsWith("probe ")).findFirst().orElse("");
            assertEquals(0, probe.exitValue(), out);
            String[] f = result.split(" ");
            int parallelism = Integer.parseInt(f[1].substring("parallelism=".length()));
            long started = Long.parseLong(f[2].substring("started=".length()));
            assertTrue(parallelism >= 2, "common pool parallelism " + parallelism);
            assertTrue(started < 50, "2,000 map operations started " + started + " threads");
        } finally {
            probe.destroyForcibly();
        }
    }

    /** The probe JVM: a one-member cluster, 2,000 map operations, then the threads they started. */
    public static final class Probe {
        private Probe() {
        }

        public static void main(String[] args) throws Exception {
            int port = Integer.parseInt(args[0]);
            Vertx vertx = MeshCluster.start(MeshCluster.Settings.loopback("callbacks-" + System.nanoTime(), port))
                    .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
            AsyncMap<String, String> map = vertx.sharedData().<String, String>getClusterWideMap("callback-test")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            for (int round = 0; round < 10; round++) {
                List<Future<?>> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String key = "k" + round + "-" + i;
                    batch.add(map.put(key, "v"));
                    batch.add(map.get(key));
                }
                Future.all(batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;
            System.out.println("probe parallelism=" + ForkJoinPool.getCommonPoolParallelism() + " started=" + started);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            System.exit(0);
        }
    }
}
