package io.gbmesh.gateway;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The MESSAGEs that confirm an alarm to the device that raised it (the {@code Response} of GB/T
 * 28181-2016 §9.4.2), sent at most {@code concurrency} at a time, in the order the alarms came.
 * The device's alarm itself is answered {@code 200} and published at once; its confirmation is a
 * client transaction of ours whose answer the device must send back. In a burst (10,000 cameras
 * raising an alarm in the same second) sending every confirmation at once puts thousands of
 * transactions in flight that are retransmitted every T1 while their answers wait behind the
 * burst in this node's socket, and those retransmissions and the answers to them crowd out the
 * alarms still arriving. Bounded, the confirmations follow the alarms at the pace the devices
 * answer. Past {@code capacity} waiting, the newest is not sent and counted
 * ({@code alarm.confirmation.dropped}): a device that gets no confirmation sends its alarm again, and
 * that one is confirmed. Used on the SIP event loop only.
 */
final class Confirmations {
    private final int concurrency;
    private final int capacity;
    private final Runnable dropped;
    private final ArrayDeque<Supplier<Future<?>>> waiting = new ArrayDeque<>();
    private int running;

    Confirmations(int concurrency, int capacity, Runnable dropped) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("GB_ALARM_CONFIRM_CONCURRENCY must be positive: " + concurrency);
        }
        this.concurrency = concurrency;
        this.capacity = capacity;
        this.dropped = dropped;
    }

    /** Sends the confirmation when its turn comes; {@code send} starts it and completes with its transaction. */
    void offer(Supplier<Future<?>> send) {
        if (waiting.size() >= capacity) {
            dropped.run();
            return;
        }
        waiting.add(send);
        pump();
    }

    int waiting() {
        return waiting.size();
    }

    int running() {
        return running;
    }

    private void pump() {
        while (running < concurrency && !waiting.isEmpty()) {
            Supplier<Future<?>> next = waiting.poll();
            running++;
            Future<?> done;
            try {
                done = next.get();
            } catch (RuntimeException e) {
                done = Future.failedFuture(e);
            }
            done.onComplete(ar -> {
                running--;
                pump();
            });
        }
    }
}
