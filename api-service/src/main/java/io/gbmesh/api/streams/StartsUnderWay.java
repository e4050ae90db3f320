package io.gbmesh.api.streams;

import io.gbmesh.api.http.ApiMetrics;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.QueryFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream starts under way in the whole mesh, in a cluster map ({@value #MAP}: streamId → the
 * start), so that no start is lost with the replica running it. A start is recorded once its SSRC is
 * claimed, before its media node opens a port, and forgotten once its stream is in the stream table
 * ({@link ClusterStreams}) or the start is undone.
 *
 * <p>A start whose replica left the cluster (or one its own replica no longer runs) is an orphan: the
 * INVITE it sent may still be answered, and then the device would hold a dialog and the media node a
 * port that no replica knows of. Every replica looks for orphans every sweep; the one whose
 * compare-and-set makes it the start's owner settles it. A stream already in the table stays there,
 * listed and stoppable by every replica. Any other is closed: BYE (sent again while the INVITE may
 * still be answered: the gateway inviting keeps a close until the device's answer, another one answers
 * that it has no dialog yet), the node's port closed, the SSRC released. A replica that fails to settle
 * an orphan leaves it in the map, for the next sweep. Used on the orchestrator's context.
 */
final class StartsUnderWay {
    private static final Logger LOG = LoggerFactory.getLogger(StartsUnderWay.class);
    static final String MAP = "gb.streams.starting";
    /** The reason of the closes of an orphan, to the gateway and the media node. */
    static final String ORPHAN_REASON = "starter-gone";
    /** How soon a BYE that found no dialog is sent again while the INVITE may still be answered. */
    private static final long BYE_AGAIN_MILLIS = 500;
    /** A gateway answers an INVITE it forwarded to the device's gateway within the INVITE timeout and this. */
    private static final long GATEWAY_FORWARD_MILLIS = 5_000;

    /**
     * A start under way.
     *
     * @param ssrcOwner the owner its SSRC was claimed for
     * @param owner     the orchestrator running (or settling) it
     * @param ownerNode the cluster member of that orchestrator
     * @param since     when it was recorded (epoch millis), before its node was asked for a port
     */
    record Start(String streamId, String deviceId, String channelId, String ssrc, String ssrcOwner, String mediaNode,
                 String owner, String ownerNode, long since) {
        Start ownedBy(String newOwner, String newNode) {
            return new Start(streamId, deviceId, channelId, ssrc, ssrcOwner, mediaNode, newOwner, newNode, since);
        }
    }

    /** Who runs the starts recorded here: an orchestrator's own ID, and the cluster member it runs on. */
    record Owner(String id, String node) {
    }

    /** Sends a close to an address (the gateways' {@link Addresses#BYE}, a media node's), answered as it comes. */
    interface Closes {
        Future<Void> send(String address, CloseStream close);
    }

    private final Vertx vertx;
    private final AsyncMap<String, String> starts;
    private final Owner self;
    private final Supplier<Collection<String>> members;
    private final Closes closes;
    private final ClusterStreams table;
    private final SsrcAllocator ssrcs;
    /** How long after a start was recorded its INVITE may still be answered. */
    private final long answerWindowMillis;
    /** The starts this orchestrator runs or settles now. */
    private final Set<String> mine = new HashSet<>();
    private final AtomicLong orphansClosed = new AtomicLong();
    private final AtomicLong orphansKept = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    private StartsUnderWay(Vertx vertx, AsyncMap<String, String> starts, Owner self, Supplier<Collection<String>> members,
                           Closes closes, ClusterStreams table, SsrcAllocator ssrcs, long inviteTimeoutMillis) {
        this.vertx = vertx;
        this.starts = starts;
        this.self = self;
        this.members = members;
        this.closes = closes;
        this.table = table;
        this.ssrcs = ssrcs;
        this.answerWindowMillis = StreamStart.NODE_TIMEOUT_MILLIS + inviteTimeoutMillis + GATEWAY_FORWARD_MILLIS;
    }

    /** @param members the IDs of the cluster's members now (where {@code self.node()} is one) */
    static Future<StartsUnderWay> open(Vertx vertx, Owner self, Supplier<Collection<String>> members, Closes closes,
                                       ClusterStreams table, SsrcAllocator ssrcs, long inviteTimeoutMillis) {
        return vertx.sharedData().<String, String>getAsyncMap(MAP).map(map -> new StartsUnderWay(vertx, map, self, members,
                closes, table, ssrcs, inviteTimeoutMillis));
    }

    /** What this orchestrator settled, exported on {@code /metrics}. */
    void register(ApiMetrics metrics) {
        metrics.functionCounter("gbmesh.api.stream.starts.orphans.closed",
                "starts left by a replica that is gone, closed here (BYE, port, SSRC)", orphansClosed, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.stream.starts.orphans.kept",
                "starts left by a replica that is gone whose stream was in the stream table already", orphansKept, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.stream.starts.unreadable",
                "entries of the starts under way that could not be read (left in the map)", unreadable, AtomicLong::get);
    }

    /** Records a start of this orchestrator, before anything is asked of a media node or a gateway. */
    Future<Void> begin(String streamId, String deviceId, String channelId, String ssrc, String ssrcOwner, String mediaNode) {
        mine.add(streamId);
        Start start = new Start(streamId, deviceId, channelId, ssrc, ssrcOwner, mediaNode, self.id(), self.node(),
                System.currentTimeMillis());
        return starts.put(streamId, JsonObject.mapFrom(start).encode());
    }

    /** Whether the stream's start is under way (or left by a replica and not settled yet). */
    Future<Boolean> underWay(String streamId) {
        return starts.get(streamId).map(json -> json != null);
    }

    /** The start is over: its stream is in the table, or it was undone. */
    Future<Void> end(String streamId) {
        return starts.remove(streamId).<Void>mapEmpty().onComplete(ar -> mine.remove(streamId));
    }

    /** The start is over but could be neither recorded nor undone: it is left to the next sweep, which closes it. */
    void abandon(String streamId) {
        mine.remove(streamId);
    }

    /** The IDs of the cluster's members now; null while this member leaves the cluster. */
    static Set<String> membersNow(Supplier<Collection<String>> members) {
        try {
            return new HashSet<>(members.get());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Looks for orphans and settles each one this orchestrator takes over; completes once they are. */
    Future<Void> sweep() {
        Set<String> alive = StartsUnderWay.membersNow(members);
        if (alive == null) {
            return Future.succeededFuture(); // leaving the cluster
        }
        return starts.entries().compose(all -> {
            List<Future<Void>> settled = new ArrayList<>();
            all.forEach((streamId, json) -> {
                Start start = mine.contains(streamId) ? null : decode(json);
                if (start != null && (start.owner().equals(self.id()) || !alive.contains(start.ownerNode()))) {
                    settled.add(takeOver(start, json));
                }
            });
            return Future.join(settled).<Void>mapEmpty();
        }).onFailure(err -> LOG.warn("cannot read the starts under way: {}", err.getMessage()));
    }

    private Start decode(String json) {
        try {
            return new JsonObject(json).mapTo(Start.class);
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
            LOG.warn("unreadable start under way {}: {}", json, e.getMessage());
            return null;
        }
    }

    /** Settles the orphan once this orchestrator's compare-and-set made it its owner; completes once done or left. */
    private Future<Void> takeOver(Start orphan, String json) {
        String streamId = orphan.streamId();
        mine.add(streamId);
        return starts.replaceIfPresent(streamId, json, JsonObject.mapFrom(orphan.ownedBy(self.id(), self.node())).encode())
                .compose(won -> won ? settle(orphan).compose(v -> end(streamId)) : Future.failedFuture("taken by another replica"))
                .recover(err -> {
                    mine.remove(streamId); // another replica settles it, or the next sweep
                    LOG.debug("orphan start of stream {} not settled here: {}", streamId, err.getMessage());
                    return Future.succeededFuture();
                });
    }

    /** A stream in the table is every replica's; any other is closed, also once the device answers its INVITE. */
    private Future<Void> settle(Start orphan) {
        return table.get(orphan.streamId()).compose(recorded -> {
            if (recorded != null) {
                LOG.info("stream {} outlived the replica that started it: kept in the stream table", orphan.streamId());
                orphansKept.incrementAndGet();
                return Future.succeededFuture();
            }
            LOG.info("stream {} was being started by a replica that is gone: closing it", orphan.streamId());
            CloseStream close = new CloseStream(orphan.streamId(), ORPHAN_REASON);
            return bye(close, orphan.since() + answerWindowMillis)
                    .compose(v -> closes.send(Addresses.mediaNode(orphan.mediaNode()), close).otherwiseEmpty())
                    .compose(v -> ssrcs.release(orphan.ssrc(), orphan.ssrcOwner()))
                    .onSuccess(v -> orphansClosed.incrementAndGet());
        });
    }

    /** BYE through any gateway, again while no gateway holds a dialog (or a running INVITE) yet and one may come. */
    private Future<Void> bye(CloseStream close, long answerBy) {
        return closes.send(Addresses.BYE, close)
                .recover(err -> noDialogYet(err) && System.currentTimeMillis() < answerBy
                        ? vertx.timer(BYE_AGAIN_MILLIS).compose(v -> bye(close, answerBy))
                        : Future.succeededFuture());
    }

    private static boolean noDialogYet(Throwable err) {
        return err instanceof ReplyException re
                && (re.failureCode() == QueryFailure.UNKNOWN_DEVICE || re.failureType() == ReplyFailure.NO_HANDLERS);
    }
}
