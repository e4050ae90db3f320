package io.gbmesh.gateway;

import io.vertx.core.Future;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Devices that just came online wait here for their online queries (DeviceInfo, Catalog,
 * ConfigDownload). At most {@code concurrency} devices are being asked at once, in the order they
 * came online, so a registration storm (a platform restart: every device registers within seconds)
 * brings every device online first and the queries follow at a pace the devices and this node can
 * answer: without the bound, each new device starts three client transactions at once, thousands
 * are retransmitted every T1, and their retransmissions crowd out the REGISTERs and keepalives.
 * A device queued twice is asked once; one that is no longer owned when its turn comes is skipped.
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
    private final LinkedHashMap<String, D> waiting = new LinkedHashMap<>();
    private int running;

    OnlineQueue(int concurrency, Function<D, String> deviceId, Predicate<D> stillOwned, Function<D, Future<?>> sequence,
                Runnable skipped) {
        if (concurrency <= 0) {
            throw new IllegalArgumentException("GB_QUERY_CONCURRENCY must be positive: " + concurrency);
        }
        this.concurrency = concurrency;
        this.deviceId = deviceId;
        this.stillOwned = stillOwned;
        this.sequence = sequence;
        this.skipped = skipped;
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

    private void pump() {
        Iterator<Map.Entry<String, D>> it = waiting.entrySet().iterator();
        while (running < concurrency && it.hasNext()) {
            D device = it.next().getValue();
            it.remove();
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
    }
}
