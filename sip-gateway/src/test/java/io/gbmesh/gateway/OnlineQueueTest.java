package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The online queries of a registration storm run a bounded number at a time, in arrival order. */
class OnlineQueueTest {
    /** Each started sequence, by device, until the test completes it. */
    private final Map<String, Promise<Void>> started = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private final Set<String> owned = new HashSet<>();
    private final AtomicInteger skipped = new AtomicInteger();

    private OnlineQueue<String> queue(int concurrency) {
        return new OnlineQueue<>(concurrency, id -> id, owned::contains, id -> {
            Promise<Void> p = Promise.promise();
            started.put(id, p);
            order.add(id);
            return p.future();
        }, skipped::incrementAndGet);
    }

    private void online(OnlineQueue<String> q, String id) {
        owned.add(id);
        q.offer(id);
    }

    @Test
    void noMoreThanTheConcurrencyRunAtOnceAndTheRestFollowInArrivalOrder() {
        OnlineQueue<String> q = queue(3);
        for (int i = 0; i < 10; i++) {
            online(q, "d" + i);
        }
        assertEquals(List.of("d0", "d1", "d2"), order);
        assertEquals(3, q.running());
        assertEquals(7, q.waiting());

        started.get("d1").complete();
        assertEquals(List.of("d0", "d1", "d2", "d3"), order);
        started.get("d0").fail("no answer");
        started.get("d2").complete();
        assertEquals(List.of("d0", "d1", "d2", "d3", "d4", "d5"), order);
        assertEquals(3, q.running());
        assertEquals(4, q.waiting());
    }

    @Test
    void aDeviceThatRegistersAgainWhileWaitingIsAskedOnceAtItsNewPlace() {
        OnlineQueue<String> q = queue(1);
        online(q, "busy");
        online(q, "a");
        online(q, "b");
        online(q, "a");
        assertEquals(2, q.waiting());

        started.get("busy").complete();
        started.get("b").complete();
        assertEquals(List.of("busy", "b", "a"), order);
    }

    @Test
    void aDeviceGoneOfflineBeforeItsTurnIsSkipped() {
        OnlineQueue<String> q = queue(1);
        online(q, "busy");
        online(q, "gone");
        online(q, "here");
        owned.remove("gone");

        started.get("busy").complete();
        assertEquals(List.of("busy", "here"), order);
        assertEquals(1, skipped.get());
        assertEquals(0, q.waiting());
    }

    @Test
    void aSequenceThatThrowsFreesItsPlace() {
        List<String> ran = new ArrayList<>();
        OnlineQueue<String> q = new OnlineQueue<>(1, id -> id, id -> true, id -> {
            ran.add(id);
            if (id.equals("bad")) {
                throw new IllegalStateException("broken device");
            }
            return Future.succeededFuture();
        }, () -> { });
        q.offer("bad");
        q.offer("good");
        assertEquals(List.of("bad", "good"), ran);
        assertEquals(0, q.running());
    }

    /** A queue whose turns wait while {@code urgent} holds; what it puts off for later is kept in {@code retries}. */
    private OnlineQueue<String> yielding(int concurrency, java.util.function.BooleanSupplier urgent, List<Runnable> retries) {
        return new OnlineQueue<>(concurrency, id -> id, owned::contains, id -> {
            Promise<Void> p = Promise.promise();
            started.put(id, p);
            order.add(id);
            return p.future();
        }, skipped::incrementAndGet, urgent, retries::add, clock::get);
    }

    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);

    @Test
    void registersThatNeverStopWaitingSlowTheTurnsButDoNotStopThem() {
        java.util.concurrent.atomic.AtomicBoolean urgent = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Runnable> retries = new ArrayList<>();
        OnlineQueue<String> q = yielding(20, urgent::get, retries); // a turn every 1000 / (20 / 10) = 500 ms
        for (int i = 0; i < 4; i++) {
            online(q, "d" + i);
        }
        assertEquals(List.of(), order);
        clock.addAndGet(499);
        retries.remove(0).run();
        assertEquals(List.of(), order, "not yet");
        clock.addAndGet(1);
        retries.remove(0).run();
        assertEquals(List.of("d0"), order, "one turn after 500 ms of REGISTERs waiting");
        assertEquals(1, retries.size(), "the others still wait");
        retries.remove(0).run();
        assertEquals(List.of("d0"), order);
        clock.addAndGet(500);
        retries.remove(0).run();
        assertEquals(List.of("d0", "d1"), order);
        urgent.set(false);
        retries.remove(0).run();
        assertEquals(List.of("d0", "d1", "d2", "d3"), order, "all at once when nothing is urgent");
    }

    @Test
    void noTurnStartsWhileRegistersOrKeepalivesWaitAndTheQueueLooksAgainLater() {
        java.util.concurrent.atomic.AtomicBoolean urgent = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Runnable> retries = new ArrayList<>();
        OnlineQueue<String> q = yielding(3, urgent::get, retries);
        for (int i = 0; i < 5; i++) {
            online(q, "d" + i);
        }
        assertEquals(List.of(), order);
        assertEquals(5, q.waiting());
        assertEquals(1, retries.size(), "one look later, however many were put off");
        assertEquals(5, q.deferrals());

        retries.remove(0).run();
        assertEquals(List.of(), order, "REGISTERs still waiting");
        assertEquals(1, retries.size());

        urgent.set(false);
        retries.remove(0).run();
        assertEquals(List.of("d0", "d1", "d2"), order);
        assertEquals(0, retries.size());
    }

    @Test
    void aPlaceFreedWhileRegistersWaitIsTakenOnlyOnceTheyAreHandled() {
        java.util.concurrent.atomic.AtomicBoolean urgent = new java.util.concurrent.atomic.AtomicBoolean(false);
        List<Runnable> retries = new ArrayList<>();
        OnlineQueue<String> q = yielding(1, urgent::get, retries);
        online(q, "first");
        online(q, "second");
        assertEquals(List.of("first"), order);

        urgent.set(true);
        started.get("first").complete();
        assertEquals(List.of("first"), order);
        assertEquals(0, q.running());

        urgent.set(false);
        retries.remove(0).run();
        assertEquals(List.of("first", "second"), order);
    }

    @Test
    void turnsThatEndAtOnceDrainTheWholeQueueInOrder() {
        java.util.concurrent.atomic.AtomicBoolean urgent = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Runnable> retries = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        OnlineQueue<String> q = new OnlineQueue<>(2, id -> id, id -> true, id -> {
            ran.add(id);
            return Future.succeededFuture();
        }, () -> { }, urgent::get, retries::add);
        for (int i = 0; i < 6; i++) {
            q.offer("d" + i);
        }
        urgent.set(false);
        retries.remove(0).run();
        assertEquals(List.of("d0", "d1", "d2", "d3", "d4", "d5"), ran);
        assertEquals(0, q.running());
        assertEquals(0, q.waiting());
    }

    @Test
    void theConcurrencyMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> queue(0));
    }
}
