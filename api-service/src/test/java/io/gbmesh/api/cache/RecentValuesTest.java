package io.gbmesh.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentValuesTest {
    private final AtomicInteger built = new AtomicInteger();

    private Future<Buffer> build() {
        return Future.succeededFuture(Buffer.buffer("body " + built.incrementAndGet()));
    }

    @Test
    void aBodyIsBuiltOncePerTimeToLiveAndKey() throws InterruptedException {
        RecentValues<String, Buffer> cache = new RecentValues<>(150, 16);
        assertEquals("body 1", cache.get("a", this::build).result().toString());
        assertEquals("body 1", cache.get("a", this::build).result().toString());
        assertEquals("body 2", cache.get("b", this::build).result().toString());
        Thread.sleep(200);
        assertEquals("body 3", cache.get("a", this::build).result().toString(), "expired: built again");
    }

    @Test
    void requestsDuringABuildShareIt() {
        RecentValues<String, Buffer> cache = new RecentValues<>(60_000, 16);
        Promise<Buffer> slow = Promise.promise();
        Future<Buffer> first = cache.get("a", slow::future);
        Future<Buffer> second = cache.get("a", this::build);
        assertSame(first, second);
        assertEquals(0, built.get());
        slow.complete(Buffer.buffer("slow"));
        assertEquals("slow", second.result().toString());
    }

    @Test
    void aFailureIsNotKeptAndClearForgetsEverything() {
        RecentValues<String, Buffer> cache = new RecentValues<>(60_000, 16);
        assertEquals(true, cache.get("a", () -> Future.failedFuture("database down")).failed());
        assertEquals("body 1", cache.get("a", this::build).result().toString());
        cache.clear();
        assertEquals("body 2", cache.get("a", this::build).result().toString());
    }

    @Test
    void withoutATimeToLiveEveryRequestBuilds() {
        RecentValues<String, Buffer> cache = new RecentValues<>(0, 16);
        cache.get("a", this::build);
        cache.get("a", this::build);
        assertEquals(2, built.get());
    }
}
