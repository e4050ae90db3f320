package io.gbmesh.api.store;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.function.Supplier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the gateway's device events into the {@link DeviceStore}: consumers on
 * {@link Addresses#DEVICE_ONLINE}, {@link Addresses#DEVICE_OFFLINE}, {@link Addresses#DEVICE_INFO} and
 * {@link Addresses#DEVICE_CATALOG}, and the streams' {@link Addresses#STREAM_STARTED} and
 * {@link Addresses#STREAM_STOPPED} for their sessions, and the alarms and positions of
 * {@link Addresses#DEVICE_ALARM} and {@link Addresses#DEVICE_POSITION}. Deployed as a verticle; its start completes once the consumers
 * are registered across the cluster.
 *
 * <p>Events go through a bounded in-memory queue. While the database is unreachable they wait there
 * and the write is retried with exponential backoff ({@code minBackoffMs} doubling up to
 * {@code maxBackoffMs}) until it is back, so nothing is lost as long as the queue holds; past its
 * capacity the oldest event is dropped and counted in {@link #overflowed()} — the newer events
 * carry the more recent state.
 *
 * <p>A failed write is either the database's trouble (wait and retry) or the event's (it would fail
 * forever and block the queue). PostgreSQL's own errors say which by their SQLSTATE class; for any
 * other failure the database is asked {@code SELECT 1}: if it does not answer the event waits, if it
 * does the event is tried again, and after {@value #ATTEMPTS_WHILE_UP} such failures it is logged,
 * counted in {@link #rejected()} and skipped.
 *
 * <p>Events are written in batches of up to {@value #BATCH} in one transaction ({@link
 * DeviceStore#write}), a few batches at a time: a burst of registrations costs a few hundred
 * round trips and commits, not one per event. The events go in {@value #LANES} lanes by their device
 * (a hash of its ID), each lane writing one batch at a time: a device's events are written in the
 * order received, and two transactions in flight never touch the same device's rows (no waits on
 * each other's row locks, no deadlocks). The transactions run on an event loop of their own
 * ({@link WriterThread}), not on this verticle's, which a burst of registrations may keep busy; that thread
 * ends when the ingest stops. They go through a pool of the ingest's own ({@value #LANES} connections,
 * {@code application_name} {@value #APPLICATION_NAME}), not the service's: its connections do their I/O on the
 * writer thread and are lent to no one else, so that ending the thread (which happens before the
 * service's own pool closes: a verticle's children are undeployed first) fails no query of the HTTP
 * API; the pool is closed before the thread ends. When a batch fails for its content, its events are
 * tried again one by one, so that one bad event does not hold back the others. The store's writes
 * are idempotent and ordered by event time as well (every replica of the service writes the same
 * published event, and events from two gateway nodes may arrive out of order).
 */
public final class EventIngest extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
    public static final int DEFAULT_CAPACITY = 100_000;
    static final int LANES = 4;
    static final int BATCH = 500;
    static final long DRAIN_MILLIS = 5_000;
    static final int ATTEMPTS_WHILE_UP = 3;
    /** How the ingest's connections are named to PostgreSQL. */
    static final String APPLICATION_NAME = "gbmesh-api-ingest";

    /**
     * An event waiting to be written, its lane, its place in the order received, how often it failed
     * while the database was up, and whether it goes alone.
     */
    private static final class Pending {
        final MeshMessage event;
        final int lane;
        final long seq;
        int attemptsWhileUp;
        boolean alone;

        Pending(MeshMessage event, int lane, long seq) {
            this.event = event;
            this.lane = lane;
            this.seq = seq;
        }
    }

    private final PgConnectOptions database;
    private final int capacity;
    private final long minBackoffMs;
    private final long maxBackoffMs;

    /** Per lane, the events waiting, oldest first (those put back for a retry at the head). */
    private final List<ArrayDeque<Pending>> lanes = new ArrayList<>(LANES);
    /** Per lane, whether a batch of it is being written. */
    private final boolean[] busy = new boolean[LANES];
    private final List<MessageConsumer<MeshMessage>> consumers = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile long lastWrittenAt;
    private volatile int pending;
    private int queued;
    private int inFlight;
    private long received;
    private long backoffMs;
    private boolean waiting;
    private long retryTimer = -1;
    private WriterThread writer;
    /** The ingest's own connections, used on the writer thread only. */
    private Pool pool;
    private DeviceStore store;
    /** Set once stopping has drained what it could: nothing more is written (the writer thread is ending). */
    private boolean stopped;

    /** @param database where to write (the service's {@link Database#connectOptions}): the ingest connects on its own */
    public EventIngest(PgConnectOptions database) {
        this(database, DEFAULT_CAPACITY, 100, 5_000);
    }

    public EventIngest(PgConnectOptions database, int capacity, long minBackoffMs, long maxBackoffMs) {
        this.database = new PgConnectOptions(database).addProperty("application_name", APPLICATION_NAME);
        this.capacity = capacity;
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.backoffMs = minBackoffMs;
        for (int i = 0; i < LANES; i++) {
            lanes.add(new ArrayDeque<>());
        }
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        writer = WriterThread.open(vertx);
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(LANES)).connectingTo(database).using(vertx).build();
        store = new DeviceStore(pool);
        for (String address : List.of(Addresses.DEVICE_ONLINE, Addresses.DEVICE_OFFLINE, Addresses.DEVICE_INFO,
                Addresses.DEVICE_CATALOG, Addresses.STREAM_STARTED, Addresses.STREAM_STOPPED, Addresses.DEVICE_ALARM,
                Addresses.DEVICE_POSITION)) {
            consumers.add(vertx.eventBus().<MeshMessage>consumer(address, msg -> enqueue(msg.body())));
        }
        return Future.all(consumers.stream().map(MessageConsumer::completion).toList())
                .recover(err -> closeWriter().transform(v -> Future.failedFuture(err)));
    }

    /**
     * Takes no more events, then lets those received be written: stopping completes once none is left,
     * or after {@value #DRAIN_MILLIS} ms (the database being away), when what is left is counted in the log;
     * then nothing more is written, the ingest's pool closes and the writer thread ends.
     */
    @Override
    public Future<?> stop() {
        Promise<Void> drained = Promise.promise();
        Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).onComplete(ar -> {
            long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000L;
            awaitDrained(drained, deadline);
        });
        return drained.future().compose(v -> {
            stopped = true;
            return closeWriter();
        });
    }

    /** The pool first (its connections live on the writer thread), then the thread. */
    private Future<Void> closeWriter() {
        return pool.close().otherwiseEmpty().eventually(writer::close);
    }

    private void awaitDrained(Promise<Void> drained, long deadline) {
        if (queued == 0 && inFlight == 0) {
            cancelRetry();
            drained.complete();
        } else if (System.nanoTime() - deadline >= 0) {
            cancelRetry();
            LOG.warn("stopping with {} device events not yet written", queued + inFlight);
            drained.complete();
        } else {
            vertx.setTimer(20, id -> awaitDrained(drained, deadline));
        }
    }

    private void cancelRetry() {
        if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
        }
    }

    /** Events received and waiting to be written (including those being written). */
    public int pending() {
        return pending;
    }

    /** Events written to the database. */
    public long written() {
        return written.get();
    }

    /** When the last batch was written (epoch milliseconds; 0 before the first). */
    public long lastWrittenMillis() {
        return lastWrittenAt;
    }

    /** Events dropped because the queue was full. */
    public long overflowed() {
        return overflowed.get();
    }

    /** Events the database refused for their content; skipped. */
    public long rejected() {
        return rejected.get();
    }

    /** Failed writes put back for a retry. */
    public long retries() {
        return retries.get();
    }

    private void enqueue(MeshMessage event) {
        if (queued >= capacity) {
            dropOldest();
            if (overflowed.incrementAndGet() % 1000 == 1) {
                LOG.error("device event queue full ({}): dropping the oldest events, {} so far", capacity, overflowed.get());
            }
        }
        Pending p = new Pending(event, lane(event), received++);
        lanes.get(p.lane).add(p);
        queued++;
        pump();
    }

    /** Drops the oldest event waiting: the oldest of the lanes' heads. */
    private void dropOldest() {
        ArrayDeque<Pending> oldest = null;
        for (ArrayDeque<Pending> lane : lanes) {
            if (!lane.isEmpty() && (oldest == null || lane.peek().seq < oldest.peek().seq)) {
                oldest = lane;
            }
        }
        if (oldest != null) {
            oldest.poll();
            queued--;
        }
    }

    /** The lane of an event: by its device, so that all of a device's events go through one lane. */
    static int lane(MeshMessage event) {
        String deviceId = deviceId(event);
        if (deviceId == null) {
            return 0;
        }
        int h = deviceId.hashCode();
        return Math.floorMod(h ^ (h >>> 16), LANES);
    }

    private static String deviceId(MeshMessage event) {
        if (event instanceof DeviceOnline e) {
            return e.deviceId();
        } else if (event instanceof DeviceOffline e) {
            return e.deviceId();
        } else if (event instanceof DeviceInfoUpdated e) {
            return e.info() == null ? null : e.info().deviceId();
        } else if (event instanceof CatalogUpdated e) {
            return e.catalog() == null ? null : e.catalog().deviceId();
        } else if (event instanceof StreamStarted e) {
            return e.deviceId();
        } else if (event instanceof StreamStopped e) {
            return e.deviceId();
        } else if (event instanceof AlarmRaised e) {
            return e.deviceId();
        } else if (event instanceof MobilePosition e) {
            return e.deviceId();
        }
        return null;
    }

    private void pump() {
        if (stopped) {
            pending = queued + inFlight;
            return;
        }
        for (int i = 0; i < LANES && !waiting; i++) {
            ArrayDeque<Pending> lane = lanes.get(i);
            if (busy[i] || lane.isEmpty()) {
                continue;
            }
            List<Pending> batch = takeBatch(lane);
            int index = i;
            busy[index] = true;
            queued -= batch.size();
            inFlight += batch.size();
            write(batch).onComplete(ar -> {
                busy[index] = false;
                inFlight -= batch.size();
                if (ar.succeeded()) {
                    lastWrittenAt = System.currentTimeMillis();
                    written.addAndGet(batch.size());
                    backoffMs = minBackoffMs;
                } else if (batch.size() == 1) {
                    failed(batch.get(0), ar.cause());
                } else if (ar.cause() instanceof PgException pg && !isTransient(pg)) {
                    // one of them is refused for its content: find out which, one by one
                    for (int j = batch.size() - 1; j >= 0; j--) {
                        batch.get(j).alone = true;
                        putBack(batch.get(j));
                    }
                } else {
                    for (int j = batch.size() - 1; j > 0; j--) {
                        putBack(batch.get(j));
                    }
                    failed(batch.get(0), ar.cause());
                }
                pump();
            });
        }
        pending = queued + inFlight;
    }

    private void putBack(Pending p) {
        lanes.get(p.lane).addFirst(p);
        queued++;
    }

    /** Up to {@value #BATCH} events from the head of a lane; an event that must go alone goes alone. */
    private static List<Pending> takeBatch(ArrayDeque<Pending> lane) {
        List<Pending> batch = new ArrayList<>(Math.min(BATCH, lane.size()));
        batch.add(lane.poll());
        if (batch.get(0).alone) {
            return batch;
        }
        while (batch.size() < BATCH && !lane.isEmpty() && !lane.peek().alone) {
            batch.add(lane.poll());
        }
        return batch;
    }

    private void failed(Pending p, Throwable cause) {
        if (cause instanceof PgException pg && !isTransient(pg)) {
            reject(p, cause);
            return;
        }
        retries.incrementAndGet();
        putBack(p);
        if (waiting || stopped) {
            return; // another write's failure is already finding out whether the database is there
        }
        waiting = true;
        onWriter(store::ping).onComplete(ping -> {
            long delay;
            if (ping.succeeded()) {
                if (++p.attemptsWhileUp >= ATTEMPTS_WHILE_UP && lanes.get(p.lane).remove(p)) {
                    queued--;
                    reject(p, cause);
                }
                p.alone = true; // the database is there: if it fails again, it is this event's own trouble
                delay = minBackoffMs;
            } else {
                delay = backoffMs;
                backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
                LOG.warn("database unavailable ({}); {} device events waiting, retrying in {} ms",
                        ping.cause().getMessage(), queued, delay);
            }
            retryTimer = vertx.setTimer(delay, id -> {
                retryTimer = -1;
                waiting = false;
                pump();
            });
        });
    }

    private void reject(Pending p, Throwable cause) {
        rejected.incrementAndGet();
        LOG.error("device event could not be written, skipped: {}", p.event, cause);
    }

    /** Writes a batch on the writer thread ({@link WriterThread}); the outcome comes back on this verticle's context. */
    private Future<Void> write(List<Pending> batch) {
        List<MeshMessage> events = batch.stream().map(p -> p.event).toList();
        return onWriter(() -> store.write(events));
    }

    /** Runs {@code work} on the writer thread (where the pool's connections are); the outcome comes back on this context. */
    private Future<Void> onWriter(Supplier<Future<Void>> work) {
        Promise<Void> done = VertxLoops.promise(context);
        writer.context().runOnContext(v -> {
            try {
                work.get().onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }

    /**
     * PostgreSQL errors worth waiting out: connection exceptions (08), insufficient resources (53),
     * operator intervention such as a shutdown or a server still starting (57), and serialization
     * failures and deadlocks (40). The others are about the statement or its data.
     */
    static boolean isTransient(PgException error) {
        String state = error.getSqlState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40");
    }
}
