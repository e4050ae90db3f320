package io.gbmesh.gateway;

import io.vertx.core.Future;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Devices that just came online wait here for their online queries (DeviceInfo, Catalog,
 * ConfigDownload). At most {@code concurrency} devices are being asked at once, in the order they
 * came online, so a registration storm (a platform restart: every device registers within seconds)
 * brings every device online first and the queries follow at a pace the devices and this node can
 * answer: without the bound, each new device starts three client transactions at once, thousands
 * are retransmitted every T1, and their retransmissions crowd out the REGISTERs and keepalives.
 * A device queued twice is asked once; one that is no longer owned when its turn comes is skipped.
 * The queries rank below REGISTERs and keepalives: while any of those wait to be handled
 * ({@code urgentWaiting}), no device's turn starts; the queue looks again a moment later
 * ({@code later}), so a storm of registrations is answered first and the queries fill the gaps.
 * Ranking below is not starving: while REGISTERs keep waiting, a turn still starts every
 * {@code 1000 / max(1, concurrency / 10)} ms (20 a second at a concurrency of 200), so a flood of
 * REGISTERs, forged or not, slows the queries of devices that came online but never stops them.
 * Used on the SIP event loop only.
 *
 * @param <D> what is queued for a device (the gateway's {@code OwnedDevice})
 */
final class OnlineQueue<D> {
    private final int concurrency;
    private final Function<D, String> deviceId;
    private final Predicate<D> stillOwned;
    private final Function<D, Future<?>> sequence;
    private final Runnable skipped;
    private final BooleanSupplier urgentWaiting;
    private final Consumer<Runnable> later;
    private final LongSupplier nowMillis;
    /** While REGISTERs wait, one turn may still start this often. */
    private final long urgentTurnEveryMillis;
    private long lastUrgentTurn;
    private final LinkedHashMap<String, D> waiting = new LinkedHashMap<>();
    private int running;
    private boolean retryScheduled;
    private boolean pumping;
    private long deferrals;

    OnlineQueue(int concurrency, Function<D, String> deviceId, Predicate<D> stillOwned, Function<D, Future<?>> sequence,
                Runnable skipped) {
        this(concurrency, deviceId, stillOwned, sequence, skipped, () -> false, Runnable::run);
    }

    /**
     * @param urgentWaiting whether REGISTERs or keepalives wait to be handled (then no turn starts)
     * @param later         runs its argument a moment later on the same loop (a short timer)
     */
    OnlineQueue(int concurrency, Function<D, String> deviceId, Predicate<D> stillOwned, Function<D, Future<?>> sequence,
                Runnable skipped, BooleanSupplier urgentWaiting, Consumer<Runnable> later) {
        this(concurrency, deviceId, stillOwned, sequence, skipped, urgentWaiting, later, System::currentTimeMillis);
    }

    /** @param nowMillis the clock that paces the turns started while REGISTERs wait */
    OnlineQueue(int concurrency, Function<D, String> deviceId, Predicate<D> stillOwned, Function<D, Future<?>> sequence,
                Runnable skipped, BooleanSupplier urgentWaiting, Consumer<Runnable> later, LongSupplier nowMillis) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("GB_QUERY_CONCURRENCY must be positive: " + concurrency);
        }
        this.concurrency = concurrency;
        this.deviceId = deviceId;
        this.stillOwned = stillOwned;
        this.sequence = sequence;
        this.skipped = skipped;
        this.urgentWaiting = urgentWaiting;
        this.later = later;
        this.nowMillis = nowMillis;
        this.urgentTurnEveryMillis = 1000 / Math.max(1, concurrency / 10);
        this.lastUrgentTurn = nowMillis.getAsLong();
    }

    void offer(D device) {
        // the newest registration of the device is the one to ask (its address may have changed)
        String id = deviceId.apply(device);
        waiting.remove(id);
        waiting.put(id, device);
        pump();
    }

    int waiting() {
        return waiting.size();
    }

    int running() {
        return running;
    }

    /** How many times a turn was put off because REGISTERs or keepalives were waiting. */
    long deferrals() {
        return deferrals;
    }

    private void pump() {
        if (pumping) {
            return; // a turn that ended at once: the loop below goes on with its free place
        }
        pumping = true;
        try {
            while (running < concurrency && !waiting.isEmpty()) {
                if (urgentWaiting.getAsBoolean()) {
                    long now = nowMillis.getAsLong();
                    if (now - lastUrgentTurn < urgentTurnEveryMillis) {
                        deferLater();
                        return;
                    }
                    lastUrgentTurn = now;
                }
                Iterator<D> first = waiting.values().iterator();
                D device = first.next();
                first.remove();
                if (!stillOwned.test(device)) {
                    skipped.run();
                    continue;
                }
                running++;
                Future<?> done;
                try {
                    done = sequence.apply(device);
                } catch (RuntimeException e) {
                    done = Future.failedFuture(e);
                }
                done.onComplete(ar -> {
                    running--;
                    pump();
                });
            }
        } finally {
            pumping = false;
        }
    }

    private void deferLater() {
        deferrals++;
        if (!retryScheduled) {
            retryScheduled = true;
            later.accept(() -> {
                retryScheduled = false;
                pump();
            });
        }
    }
}
