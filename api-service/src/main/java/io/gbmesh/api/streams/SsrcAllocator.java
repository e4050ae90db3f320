package io.gbmesh.api.streams;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;

/**
 * SSRCs unique across the cluster (GB/T 28181 Annex F): 10 digits, the first 0 for live and 1
 * for history (playback, download), then the 4th to 8th digits of the domain ID, then a 4-digit
 * sequence. A cluster counter proposes the sequence and a cluster map of SSRCs in use makes the
 * claim atomic; an SSRC is reused only after its release.
 */
final class SsrcAllocator {
    static final String MAP = "gb.ssrc.inuse";

    private final String domainDigits;
    private final AsyncMap<String, String> inUse;
    private final Counter sequence;

    private SsrcAllocator(String domain, AsyncMap<String, String> inUse, Counter sequence) {
        String digits = domain.length() >= 8 ? domain.substring(3, 8) : String.format("%5s", domain).replace(' ', '0');
        this.domainDigits = digits;
        this.inUse = inUse;
        this.sequence = sequence;
    }

    static Future<SsrcAllocator> open(Vertx vertx, String domain) {
        Future<AsyncMap<String, String>> map = vertx.sharedData().getAsyncMap(MAP);
        Future<Counter> counter = vertx.sharedData().getCounter("gb.ssrc.sequence");
        return Future.all(map, counter).map(v -> new SsrcAllocator(domain, map.result(), counter.result()));
    }

    /** Claims a free SSRC for a stream; tries the next sequence numbers when one is taken. */
    Future<String> claim(boolean history, String streamId) {
        return attempt(history, streamId, 0);
    }

    private Future<String> attempt(boolean history, String streamId, int tries) {
        if (tries >= 50) {
            return Future.failedFuture("no free SSRC");
        }
        return sequence.incrementAndGet().compose(n -> {
            String ssrc = (history ? "1" : "0") + domainDigits + String.format("%04d", n % 10_000);
            return inUse.putIfAbsent(ssrc, streamId)
                    .compose(previous -> previous == null ? Future.succeededFuture(ssrc) : attempt(history, streamId, tries + 1));
        });
    }

    Future<Void> release(String ssrc, String streamId) {
        return inUse.removeIfPresent(ssrc, streamId).mapEmpty();
    }
}
