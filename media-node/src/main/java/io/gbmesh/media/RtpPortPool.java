package io.gbmesh.media;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.BitSet;
import java.util.function.IntFunction;

/**
 * The node's RTP ports. A port is offered only once something is bound to it (reference 7.4 points
 * 15 and 21: listen first, then tell the device): {@link #claim} walks the range from where the last
 * claim stopped, lets the caller bind each free port in turn and skips those that fail to bind
 * because something else holds them. A port is never handed out twice while held, and comes back
 * with {@link #release} when its stream closes. Walking on instead of restarting at the bottom
 * keeps a port just released from being reused at once, while late packets of its old stream may
 * still arrive.
 *
 * <p>Used from one Vert.x context.
 */
public final class RtpPortPool {

    /** Every port of the range is held by a stream or by something else. */
    public static final class PortsExhaustedException extends RuntimeException {
        private final int held;
        private final int unbindable;

        PortsExhaustedException(int min, int max, int held, int unbindable) {
            super("no free RTP port in " + min + "-" + max + ": " + held + " held by streams, "
                    + unbindable + " in use by something else", null, false, false);
            this.held = held;
            this.unbindable = unbindable;
        }

        /** Ports held by this node's streams. */
        public int held() {
            return held;
        }

        /** Ports that failed to bind during the claim. */
        public int unbindable() {
            return unbindable;
        }
    }

    /** What a successful claim holds: the port and what was bound to it. */
    public record Lease<T>(int port, T bound) {
    }

    private final int min;
    private final int max;
    private final BitSet held = new BitSet();
    private int cursor;
    private long skipped;

    public RtpPortPool(int min, int max) {
        if (min < 1 || max > 65535 || min > max) {
            throw new IllegalArgumentException("port range " + min + "-" + max);
        }
        this.min = min;
        this.max = max;
        this.cursor = min;
    }

    /**
     * Binds the next free port with {@code binder}, trying the following ones while binding fails;
     * fails with {@link PortsExhaustedException} once every free port was tried.
     */
    public <T> Future<Lease<T>> claim(IntFunction<Future<T>> binder) {
        Promise<Lease<T>> promise = Promise.promise();
        attempt(binder, size() - held.cardinality(), 0, promise);
        return promise.future();
    }

    private <T> void attempt(IntFunction<Future<T>> binder, int triesLeft, int failed, Promise<Lease<T>> promise) {
        int port = triesLeft > 0 ? nextFree() : -1;
        if (port < 0) {
            promise.fail(new PortsExhaustedException(min, max, held.cardinality(), failed));
            return;
        }
        held.set(port - min);
        Future<T> bound;
        try {
            bound = binder.apply(port);
        } catch (RuntimeException e) {
            bound = Future.failedFuture(e);
        }
        bound.onComplete(ar -> {
            if (ar.succeeded()) {
                promise.complete(new Lease<>(port, ar.result()));
            } else {
                held.clear(port - min);
                skipped++;
                attempt(binder, triesLeft - 1, failed + 1, promise);
            }
        });
    }

    /** The next port not held, from the cursor on, wrapping once; -1 when all are held. */
    private int nextFree() {
        int size = size();
        for (int i = 0; i < size; i++) {
            int port = cursor;
            cursor = cursor == max ? min : cursor + 1;
            if (!held.get(port - min)) {
                return port;
            }
        }
        return -1;
    }

    /** Gives a port back; its socket must already be closed. */
    public void release(int port) {
        if (port >= min && port <= max) {
            held.clear(port - min);
        }
    }

    public boolean isHeld(int port) {
        return port >= min && port <= max && held.get(port - min);
    }

    public int size() {
        return max - min + 1;
    }

    /** Ports not held by this node's streams (some may still be in use by others). */
    public int freePorts() {
        return size() - held.cardinality();
    }

    /** Ports skipped so far because something else had them. */
    public long skipped() {
        return skipped;
    }
}
