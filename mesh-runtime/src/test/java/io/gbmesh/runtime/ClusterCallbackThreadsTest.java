package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.management.ManagementFactory;
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
 * first; 2,000 map operations then start a handful of threads, not thousands.
 */
@Timeout(120)
class ClusterCallbackThreadsTest {

    @Test
    void asyncMapOperationsDoNotStartAThreadEach() throws Exception {
        int hazelcastPort = FreePorts.tcpAndUdp();
        Vertx vertx = MeshCluster.start(MeshCluster.Settings.loopback("callbacks-" + System.nanoTime(), hazelcastPort))
                .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        try {
            assertTrue(ForkJoinPool.getCommonPoolParallelism() >= 2,
                    "common pool parallelism " + ForkJoinPool.getCommonPoolParallelism());
            AsyncMap<String, String> map = vertx.sharedData().<String, String>getClusterWideMap("callback-test")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
            int operations = 2_000;
            for (int round = 0; round < operations / 200; round++) {
                List<Future<?>> batch = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String key = "k" + round + "-" + i;
                    batch.add(map.put(key, "v"));
                    batch.add(map.get(key));
                }
                Future.all(batch).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - startedBefore;
            assertTrue(started < 50, operations + " map operations started " + started + " threads");
            assertEquals("v", map.get("k0-0").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
