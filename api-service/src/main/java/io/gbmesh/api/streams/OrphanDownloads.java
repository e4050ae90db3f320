package io.gbmesh.api.streams;

import io.gbmesh.api.http.ApiMetrics;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downloads whose replica left the cluster ({@link Downloads}: each entry names the orchestrator
 * that started it, or the replica that took it over, and its cluster member). A download is recorded
 * {@code queued} once its start is recorded under way, and {@code running} from its first frame;
 * without this sweep, one whose replica died would stay so for ever. Every replica looks at the
 * downloads not ended every sweep; for one whose replica's member is gone:
 * <ul>
 *   <li>its stream is in the stream table ({@link ClusterStreams}): the stream outlived its replica
 *   and its node still writes the file and reports to every replica, so it is <em>adopted</em>, not
 *   ended: this replica answers for it from now on (and a {@code queued} one whose first frame came is
 *   {@code running}), and it ends as any other download, by its node's last report. Nothing is lost;</li>
 *   <li>its start is still under way ({@link StartsUnderWay}): it is left alone; the sweep of the
 *   starts closes the stream (or keeps it, once in the table), and a later sweep here settles it;</li>
 *   <li>neither: its stream is gone and no replica will hear of it again, so it ends {@code failed}
 *   with a reason beginning {@value Downloads#REPLICA_LOST}, keeping its media node and what its node
 *   reported: its file (what arrived of it) is listed and served as any failed download's, and a last
 *   report of its node that comes afterwards still adds its figures.</li>
 * </ul>
 * A download still {@code queued} {@link #QUEUED_GRACE_MILLIS} after it was asked for, whoever answers
 * for it (also a replica alive, or none), whose start is no longer under way and whose stream is not in
 * the table, will never run: it ends {@code failed} with a reason beginning {@value Downloads#START_LOST}
 * (an entry left by a start whose end was not recorded, or moved to another replica by an older
 * version while queued).
 *
 * <p>Each change is a compare-and-set on the entry, so two replicas sweeping at once settle a download
 * once; the one whose change is written tells it ({@code listener}). Entries without an owner (from an
 * older replica) are otherwise left as they are.
 */
final class OrphanDownloads {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanDownloads.class);
    /** How long after it was asked for a download may be queued without its start under way (far beyond a start's race). */
    static final long QUEUED_GRACE_MILLIS = 120_000;

    private final Downloads downloads;
    private final StartsUnderWay.Owner self;
    private final Supplier<Collection<String>> members;
    private final Function<String, Future<ActiveStream>> streams;
    private final Function<String, Future<Boolean>> startsUnderWay;
    private final java.util.function.Consumer<io.vertx.core.json.JsonObject> listener;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong adopted = new AtomicLong();
    private final AtomicLong startsLost = new AtomicLong();
    private final long queuedGraceMillis;
    private final ThrottledWarning sweepFailed = new ThrottledWarning(LOG, "cannot read the downloads");

    /**
     * @param members        the IDs of the cluster's members now (throws while leaving the cluster)
     * @param streams        the stream of the table, or null
     * @param startsUnderWay whether a stream's start is under way
     * @param listener       each download this replica settled (the MQTT events)
     */
    OrphanDownloads(Downloads downloads, StartsUnderWay.Owner self, Supplier<Collection<String>> members,
                    Function<String, Future<ActiveStream>> streams, Function<String, Future<Boolean>> startsUnderWay,
                    java.util.function.Consumer<io.vertx.core.json.JsonObject> listener) {
        this(downloads, self, members, streams, startsUnderWay, listener, QUEUED_GRACE_MILLIS);
    }

    /** The same, a download queued without a start ended once {@code queuedGraceMillis} old. */
    OrphanDownloads(Downloads downloads, StartsUnderWay.Owner self, Supplier<Collection<String>> members,
                    Function<String, Future<ActiveStream>> streams, Function<String, Future<Boolean>> startsUnderWay,
                    java.util.function.Consumer<io.vertx.core.json.JsonObject> listener, long queuedGraceMillis) {
        this.queuedGraceMillis = queuedGraceMillis;
        this.downloads = downloads;
        this.self = self;
        this.members = members;
        this.streams = streams;
        this.startsUnderWay = startsUnderWay;
        this.listener = listener;
    }

    /** What this replica settled, exported on {@code /metrics}. */
    void register(ApiMetrics metrics) {
        metrics.functionCounter("gbmesh.api.downloads.orphans.failed",
                "downloads whose replica left the cluster and whose stream was gone, ended failed here", failed, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.downloads.orphans.adopted",
                "downloads whose replica left the cluster while their stream ran, taken over here", adopted, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.downloads.starts.lost",
                "downloads left queued with neither their start under way nor their stream, ended failed here",
                startsLost, AtomicLong::get);
    }

    /** Looks for downloads whose replica is gone and settles them; completes once they are (or left to the next sweep). */
    Future<Void> sweep() {
        Set<String> alive = StartsUnderWay.membersNow(members);
        if (alive == null) {
            return Future.succeededFuture(); // leaving the cluster
        }
        return downloads.unended().compose(all -> {
            List<Future<Void>> settled = new ArrayList<>();
            long now = System.currentTimeMillis();
            for (Downloads.Entry e : all) {
                Future<Void> settling = null;
                if (e.ownerNode() != null && !alive.contains(e.ownerNode())) {
                    settling = settle(e.id(), alive);
                } else if (e.state() == Downloads.State.QUEUED && now - e.requestedAt() >= queuedGraceMillis) {
                    settling = settleQueued(e.id());
                }
                if (settling != null) {
                    settled.add(settling.recover(err -> {
                        LOG.debug("download {} left to the next sweep: {}", e.id(), err.getMessage());
                        return Future.succeededFuture();
                    }));
                }
            }
            return Future.join(settled).<Void>mapEmpty();
        }).onFailure(err -> sweepFailed.failed(err, System.currentTimeMillis()));
    }

    private Future<Void> settle(String id, Set<String> alive) {
        return streams.apply(id).compose(stream -> {
            if (stream != null) {
                return downloads.change(id, e -> orphaned(e, alive) && adopt(e, stream)).<Void>map(e -> {
                    if (e != null) {
                        adopted.incrementAndGet();
                        LOG.info("download {} outlived its replica: its stream runs on, answered for here", id);
                    }
                    return null;
                });
            }
            return startsUnderWay.apply(id).compose(underWay -> underWay ? Future.succeededFuture() // settled there first
                    : downloads.change(id, e -> orphaned(e, alive) && e.replicaLost(System.currentTimeMillis())).<Void>map(e -> {
                        if (e != null) {
                            failed.incrementAndGet();
                            LOG.info("download {} was lost with its replica: failed", id);
                            listener.accept(e.describe(System.currentTimeMillis()));
                        }
                        return null;
                    }));
        });
    }

    /**
     * A download queued long: ended if its start is not under way and its stream not in the table, asked in
     * that order (a start records its stream in the table before it is no longer under way).
     */
    private Future<Void> settleQueued(String id) {
        return startsUnderWay.apply(id).compose(underWay -> underWay ? Future.succeededFuture()
                : streams.apply(id).compose(stream -> stream != null ? Future.<Void>succeededFuture()
                        : downloads.change(id, e -> System.currentTimeMillis() - e.requestedAt() >= queuedGraceMillis
                                && e.startLost(System.currentTimeMillis())).<Void>map(e -> {
                            if (e != null) {
                                startsLost.incrementAndGet();
                                LOG.info("download {} stayed queued with neither its start nor its stream: failed", id);
                                listener.accept(e.describe(System.currentTimeMillis()));
                            }
                            return null;
                        })));
    }

    /** Still not ended and answered for by a member that is gone (as read again for the compare-and-set). */
    private static boolean orphaned(Downloads.Entry e, Set<String> alive) {
        return !e.ended() && e.ownerNode() != null && !alive.contains(e.ownerNode());
    }

    private boolean adopt(Downloads.Entry e, ActiveStream stream) {
        e.ownedBy(self);
        if (e.state() == Downloads.State.QUEUED) {
            e.running(stream, -1);
        }
        return true;
    }
}
