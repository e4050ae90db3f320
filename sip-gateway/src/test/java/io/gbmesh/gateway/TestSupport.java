package io.gbmesh.gateway;

import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.Env;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Shared helpers of the gateway's integration tests. */
final class TestSupport {
    private TestSupport() {
    }

    /** A port free for both UDP and TCP on loopback. */
    static int freePort() {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }

    static GatewayConfig config(int port, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("GB_SIP_HOST", "127.0.0.1");
        env.put("GB_SIP_PORT", Integer.toString(port));
        env.put("GB_LIVENESS_SWEEP_MS", "200");
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        // other tests' raw devices are not asked for subscriptions unless a test asks for them
        env.putIfAbsent("GB_SUBSCRIBE", "none");
        env.putIfAbsent("GB_SIP_AUTH", env.containsKey("GB_SIP_PASSWORD") ? "on" : "off");
        return GatewayConfig.fromEnv(new Env(env));
    }

    /** Collects every message published on an address. */
    static <T> BlockingQueue<T> collect(Vertx vertx, String address, Class<T> type) {
        MeshCodec.register(vertx.eventBus());
        BlockingQueue<T> queue = new LinkedBlockingQueue<>();
        Await.await(vertx.eventBus().consumer(address, m -> queue.add(type.cast(m.body()))).completion());
        return queue;
    }

    /** The first queued message matching, waiting up to the timeout; fails otherwise. */
    static <T> T next(BlockingQueue<T> queue, Duration timeout, Predicate<T> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching event within " + timeout);
                }
                T item = queue.poll(left, TimeUnit.NANOSECONDS);
                if (item != null && match.test(item)) {
                    return item;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits until every wanted key has been seen among the queued messages (in any order); returns them by key. */
    static <T> java.util.Map<String, T> all(BlockingQueue<T> queue, Duration timeout, java.util.function.Function<T, String> key,
                                            java.util.Collection<String> wanted) {
        java.util.Map<String, T> seen = new java.util.HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!seen.keySet().containsAll(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("within " + timeout + " saw only " + seen.keySet() + " of " + wanted);
                }
                T item = queue.poll(left, TimeUnit.NANOSECONDS);
                if (item != null && wanted.contains(key.apply(item))) {
                    seen.put(key.apply(item), item);
                }
            }
            return seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
