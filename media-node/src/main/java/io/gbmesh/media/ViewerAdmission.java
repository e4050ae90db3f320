package io.gbmesh.media;

import io.gbmesh.runtime.MediaUrlToken;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Who may use the node's HTTP side. A viewer needs the token the API put in the stream's URL
 * ({@link MediaUrlToken#LIVE}, for that stream, not expired) and a free place: at most
 * {@code maxViewers} on the node and {@code maxViewersPerStream} on one stream. The node's own
 * {@code /api/streams} needs a bearer token of scope {@link MediaUrlToken#NODE_API} for this node,
 * which only holders of the cluster secret (the api-service) can make. Every refusal is counted.
 *
 * <p>Thread-safe: the node's HTTP servers run on several event loops.
 */
final class ViewerAdmission {

    /** What {@link #admit} gives: a place, or a refusal. */
    sealed interface Outcome permits Refusal, Ticket {
    }

    /** Why a request is not served: its HTTP status and what the client is told. */
    record Refusal(int status, String message) implements Outcome {
    }

    /** A viewer's place, given back once when the viewer goes (whichever way it goes). */
    static final class Ticket implements Outcome {
        private final AtomicInteger node;
        private final AtomicInteger stream;
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(AtomicInteger node, AtomicInteger stream) {
            this.node = node;
            this.stream = stream;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                node.decrementAndGet();
                stream.decrementAndGet();
            }
        }
    }

    private final MediaUrlToken tokens;
    private final String nodeId;
    private final int maxViewers;
    private final int maxViewersPerStream;
    private final AtomicInteger viewers = new AtomicInteger();
    private final LongAdder viewersUnauthorized = new LongAdder();
    private final LongAdder apiUnauthorized = new LongAdder();
    private final LongAdder refusedNodeFull = new LongAdder();
    private final LongAdder refusedStreamFull = new LongAdder();

    ViewerAdmission(MediaUrlToken tokens, String nodeId, int maxViewers, int maxViewersPerStream) {
        this.tokens = tokens;
        this.nodeId = nodeId;
        this.maxViewers = maxViewers;
        this.maxViewersPerStream = maxViewersPerStream;
    }

    /** Null when {@code token} opens {@code streamId}'s live URL now, else the 401 to answer. */
    Refusal checkViewer(String streamId, String token, long nowMillis) {
        MediaUrlToken.Check check = tokens.check(token, MediaUrlToken.LIVE, streamId, nowMillis);
        if (check == MediaUrlToken.Check.VALID) {
            return null;
        }
        viewersUnauthorized.increment();
        return new Refusal(401, switch (check) {
            case MISSING -> "this URL needs its token: take the live URL the API gives (POST .../live or GET /api/v1/streams)";
            case EXPIRED -> "the URL's token has expired: ask the API for the live URL again";
            default -> "the URL's token is not valid for this stream";
        });
    }

    /** Whether an {@code Authorization} header opens this node's API; counted when it does not. */
    boolean checkApi(String authorization, long nowMillis) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (tokens.check(token, MediaUrlToken.NODE_API, nodeId, nowMillis) == MediaUrlToken.Check.VALID) {
            return true;
        }
        apiUnauthorized.increment();
        return false;
    }

    /**
     * A place for one more viewer of a stream whose viewers are counted in {@code streamViewers},
     * or the 503 to answer when the node or the stream is full.
     */
    Outcome admit(AtomicInteger streamViewers) {
        if (viewers.incrementAndGet() > maxViewers) {
            viewers.decrementAndGet();
            refusedNodeFull.increment();
            return new Refusal(503, "this media node serves " + maxViewers + " viewers already");
        }
        if (streamViewers.incrementAndGet() > maxViewersPerStream) {
            streamViewers.decrementAndGet();
            viewers.decrementAndGet();
            refusedStreamFull.increment();
            return new Refusal(503, "this stream has " + maxViewersPerStream + " viewers already");
        }
        return new Ticket(viewers, streamViewers);
    }

    /** Viewers holding a place now. */
    int viewers() {
        return viewers.get();
    }

    /** Refusals since the start, for {@code /metrics}. */
    Map<String, Long> counters() {
        Map<String, Long> counters = new TreeMap<>();
        counters.put("viewers_unauthorized", viewersUnauthorized.sum());
        counters.put("api_unauthorized", apiUnauthorized.sum());
        counters.put("viewers_refused.NODE_FULL", refusedNodeFull.sum());
        counters.put("viewers_refused.STREAM_FULL", refusedStreamFull.sum());
        return counters;
    }
}
