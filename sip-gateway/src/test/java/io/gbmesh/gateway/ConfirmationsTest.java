package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Alarm confirmations go out a bounded number at a time, in order, and a full queue refuses the newest. */
class ConfirmationsTest {

    @Test
    void atMostConcurrencyInFlightInArrivalOrder() {
        AtomicInteger dropped = new AtomicInteger();
        Confirmations c = new Confirmations(2, 100, dropped::incrementAndGet);
        List<Promise<Void>> inFlight = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            c.offer(() -> {
                started.add(n);
                Promise<Void> p = Promise.promise();
                inFlight.add(p);
                return p.future();
            });
        }
        assertEquals(List.of(0, 1), started, "two at once");
        assertEquals(2, c.running());
        assertEquals(3, c.waiting());
        inFlight.get(1).complete();
        assertEquals(List.of(0, 1, 2), started, "a finished one lets the next go");
        inFlight.get(0).fail("no answer");
        assertEquals(List.of(0, 1, 2, 3), started, "a failed one frees its place too");
        inFlight.get(2).complete();
        inFlight.get(3).complete();
        inFlight.get(4).complete();
        assertEquals(0, c.running());
        assertEquals(0, c.waiting());
        assertEquals(0, dropped.get());
    }

    @Test
    void aSendThatThrowsFreesItsPlace() {
        Confirmations c = new Confirmations(1, 10, () -> { });
        AtomicInteger sent = new AtomicInteger();
        c.offer(() -> {
            throw new IllegalStateException("device gone");
        });
        c.offer(() -> {
            sent.incrementAndGet();
            return Future.succeededFuture();
        });
        assertEquals(1, sent.get());
        assertEquals(0, c.running());
    }

    @Test
    void pastCapacityTheNewestIsCountedNotSent() {
        AtomicInteger dropped = new AtomicInteger();
        Confirmations c = new Confirmations(1, 2, dropped::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            c.offer(() -> Promise.<Void>promise().future());
        }
        assertEquals(1, c.running());
        assertEquals(2, c.waiting());
        assertEquals(2, dropped.get());
    }
}
