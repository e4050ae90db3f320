package io.gbmesh.api.streams;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 *
 * <p>An entry is removed only with the exact value its remover read or wrote ({@code removeIfPresent}),
 * and a start's SSRC is released only once its entry is gone: a new start that claims the same SSRC
 * again (and so has the same stream ID) never has its entry removed by the end of the old one. The
 * stream ID of an entry is its key in the map, whatever its value says.
 *
 * <p>An entry that cannot be read as a start (not JSON, or without its stream ID, owner or owner's
 * member; unknown fields are ignored, so that the entries of a newer replica are read) is counted and
 * logged once, and left alone while a start of another version may still be running: it is removed
 * once this replica has seen it unreadable for {@link #UNREADABLE_GRACE_MILLIS} (far beyond the longest
 * start), or at once when it is not even a JSON object, which no version writes.
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
    /** How long an unreadable entry is left alone (a start of another version may be running) before it is removed. */
    static final long UNREADABLE_GRACE_MILLIS = 10 * 60_000;
    /** At most this many unreadable entries are remembered (counted and logged once each). */
    static final int UNREADABLE_REMEMBERED = 10_000;
    /** Reads entries written by other versions too: a field it does not know is ignored. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

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
    private final long unreadableGraceMillis;
    /** The starts this orchestrator runs or settles now: the entry it wrote for each, removed only as it is. */
    private final Map<String, String> mine = new HashMap<>();
    /** The unreadable entries seen (by key): when first seen, so that each is counted and logged once. */
    private final Map<String, Long> unreadableSince = new HashMap<>();
    private final ThrottledWarning sweepFailed = new ThrottledWarning(LOG, "cannot read the starts under way");
    private final AtomicLong orphansClosed = new AtomicLong();
    private final AtomicLong orphansKept = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong unreadableRemoved = new AtomicLong();

    private StartsUnderWay(Vertx vertx, AsyncMap<String, String> starts, Owner self, Supplier<Collection<String>> members,
                           Closes closes, ClusterStreams table, SsrcAllocator ssrcs, long inviteTimeoutMillis,
                           long unreadableGraceMillis) {
        this.vertx = vertx;
        this.unreadableGraceMillis = unreadableGraceMillis;
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
        return open(vertx, self, members, closes, table, ssrcs, inviteTimeoutMillis, UNREADABLE_GRACE_MILLIS);
    }

    /** The same, an unreadable entry removed once seen so for {@code unreadableGraceMillis}. */
    static Future<StartsUnderWay> open(Vertx vertx, Owner self, Supplier<Collection<String>> members, Closes closes,
                                       ClusterStreams table, SsrcAllocator ssrcs, long inviteTimeoutMillis,
                                       long unreadableGraceMillis) {
        return vertx.sharedData().<String, String>getAsyncMap(MAP).map(map -> new StartsUnderWay(vertx, map, self, members,
                closes, table, ssrcs, inviteTimeoutMillis, unreadableGraceMillis));
    }

    /** What this orchestrator settled, exported on {@code /metrics}. */
    void register(ApiMetrics metrics) {
        metrics.functionCounter("gbmesh.api.stream.starts.orphans.closed",
                "starts left by a replica that is gone, closed here (BYE, port, SSRC)", orphansClosed, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.stream.starts.orphans.kept",
                "starts left by a replica that is gone whose stream was in the stream table already", orphansKept, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.stream.starts.unreadable",
                "entries of the starts under way that could not be read, each counted once", unreadable, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.stream.starts.unreadable.removed",
                "unreadable entries of the starts under way removed here (not JSON, or unreadable past the grace period)",
                unreadableRemoved, AtomicLong::get);
    }

    /** Unreadable entries seen so far, each counted once. */
    long unreadable() {
        return unreadable.get();
    }

    /** Records a start of this orchestrator, before anything is asked of a media node or a gateway. */
    Future<Void> begin(String streamId, String deviceId, String channelId, String ssrc, String ssrcOwner, String mediaNode) {
        Start start = new Start(streamId, deviceId, channelId, ssrc, ssrcOwner, mediaNode, self.id(), self.node(),
                System.currentTimeMillis());
        String json = JsonObject.mapFrom(start).encode();
        mine.put(streamId, json);
        return starts.put(streamId, json);
    }

    /** Whether the stream's start is under way (or left by a replica and not settled yet). */
    Future<Boolean> underWay(String streamId) {
        return starts.get(streamId).map(json -> json != null);
    }

    /**
     * The start is over: its stream is in the table, or it was undone. Its entry is removed only as this
     * orchestrator wrote it (not one written since by another start of the same stream ID, nor one another
     * replica took over). Fails when the map could not be asked: the entry is then left to the next sweep.
     */
    Future<Void> end(String streamId) {
        String json = mine.get(streamId);
        if (json == null) {
            return Future.succeededFuture(); // not this orchestrator's (any more)
        }
        return starts.removeIfPresent(streamId, json).<Void>mapEmpty().onComplete(ar -> mine.remove(streamId, json));
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
            long now = System.currentTimeMillis();
            unreadableSince.keySet().retainAll(all.keySet()); // those gone from the map are forgotten
            List<Future<Void>> settled = new ArrayList<>();
            all.forEach((streamId, json) -> {
                if (mine.containsKey(streamId)) {
                    return;
                }
                Start start = decode(json);
                if (start == null) {
                    settled.add(unreadable(streamId, json, now));
                } else if (self.id().equals(start.owner()) || !alive.contains(start.ownerNode())) {
                    settled.add(takeOver(streamId, start, json));
                }
            });
            return Future.join(settled).<Void>mapEmpty();
        }).onFailure(err -> sweepFailed.failed(err, System.currentTimeMillis()));
    }

    /** The start an entry holds, or null when it is unreadable: not a start, or without its stream ID, owner or member. */
    static Start decode(String json) {
        try {
            Start start = JSON.readValue(json, Start.class);
            return start == null || start.streamId() == null || start.owner() == null || start.ownerNode() == null
                    ? null : start;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether a value is a JSON object at all: one that is not was written by no version of a start. */
    private static boolean jsonObject(String json) {
        try {
            return json != null && JSON.readTree(json) instanceof com.fasterxml.jackson.databind.node.ObjectNode;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** An unreadable entry: counted and logged the first time it is seen, removed once it cannot be a start running. */
    private Future<Void> unreadable(String streamId, String json, long now) {
        Long seen = unreadableSince.get(streamId);
        if (seen == null) {
            unreadable.incrementAndGet();
            LOG.warn("unreadable start under way {}: {}", streamId, abbreviated(json));
            if (unreadableSince.size() < UNREADABLE_REMEMBERED) {
                unreadableSince.put(streamId, now);
            }
        }
        long since = seen == null ? now : seen;
        boolean notAnObject = !jsonObject(json);
        if (!notAnObject && now - since < unreadableGraceMillis) {
            return Future.succeededFuture();
        }
        return starts.removeIfPresent(streamId, json).<Void>map(removed -> {
            if (removed) {
                unreadableSince.remove(streamId);
                unreadableRemoved.incrementAndGet();
                LOG.info("unreadable start under way {} removed ({})", streamId,
                        notAnObject ? "not a JSON object" : "unreadable for " + (now - since) + " ms");
            }
            return null;
        }).otherwiseEmpty();
    }

    private static String abbreviated(String json) {
        return json == null || json.length() <= 200 ? json : json.substring(0, 200) + "...";
    }

    /** Settles the orphan once this orchestrator's compare-and-set made it its owner; completes once done or left. */
    private Future<Void> takeOver(String streamId, Start orphan, String json) {
        String taken = JsonObject.mapFrom(orphan.ownedBy(self.id(), self.node())).encode();
        mine.put(streamId, taken);
        return starts.replaceIfPresent(streamId, json, taken)
                .compose(won -> won ? settle(streamId, orphan) : Future.failedFuture("taken by another replica"))
                .recover(err -> {
                    mine.remove(streamId, taken); // another replica settles it, or the next sweep
                    LOG.debug("orphan start of stream {} not settled here: {}", streamId, err.getMessage());
                    return Future.succeededFuture();
                });
    }

    /**
     * A stream in the table is every replica's; any other is closed, also once the device answers its
     * INVITE, and its SSRC released once its entry is gone.
     */
    private Future<Void> settle(String streamId, Start orphan) {
        return table.get(streamId).compose(recorded -> {
            if (recorded != null) {
                LOG.info("stream {} outlived the replica that started it: kept in the stream table", streamId);
                return end(streamId).onSuccess(v -> orphansKept.incrementAndGet());
            }
            LOG.info("stream {} was being started by a replica that is gone: closing it", streamId);
            CloseStream close = new CloseStream(streamId, ORPHAN_REASON);
            return bye(close, orphan.since() + answerWindowMillis)
                    .compose(v -> orphan.mediaNode() == null ? Future.succeededFuture()
                            : closes.send(Addresses.mediaNode(orphan.mediaNode()), close).otherwiseEmpty())
                    .compose(v -> end(streamId))
                    .compose(v -> orphan.ssrc() == null || orphan.ssrcOwner() == null ? Future.succeededFuture()
                            : ssrcs.release(orphan.ssrc(), orphan.ssrcOwner()))
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
