package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DownloadProgress;
import io.gbmesh.contracts.MediaStatusNotified;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The downloads of the whole mesh, kept in the cluster ({@link Addresses#DOWNLOADS_MAP}) so that any
 * api-service replica lists, shows, serves and stops any download, also once the replica that started
 * it is gone. Their state comes from their media node's reports ({@link DownloadProgress} on
 * {@link Addresses#DOWNLOAD_PROGRESS}, heard by every replica; the one whose compare-and-set writes the
 * change tells it): {@code queued} once its start is recorded under way, {@code running} from the first
 * frame, then {@code done} at the device's end of file
 * once its range is written (or a device that ends it with the whole range written), {@code stopped}
 * when a user stopped it, {@code failed} with a reason when the device ended it early, it stalled, or
 * its file could not be written, or {@code failed} ({@value #REPLICA_LOST}) when the replica answering
 * for it left the cluster and its stream is gone ({@link OrphanDownloads}). Progress is the media time
 * written over the range asked; the speed
 * achieved is that media time over the wall time since the request. Each change is given to
 * {@code listener} (the MQTT events), once in the mesh.
 */
public final class Downloads {
    /** A device that ends with no more than this much of its range missing has sent it all (the last GOP may be cut). */
    static final double END_TOLERANCE_SECONDS = 2;
    /** How long after a device's end of file its download is looked at: the last packets' time to arrive. */
    static final long END_GRACE_MILLIS = 1000;
    /** How the reason of a download lost with its replica begins ({@link OrphanDownloads}). */
    public static final String REPLICA_LOST = "replica-lost";
    /** How the reason of a download left queued with neither its start nor its stream begins ({@link OrphanDownloads}). */
    public static final String START_LOST = "start-lost";

    public enum State { QUEUED, RUNNING, DONE, FAILED, STOPPED }

    /** One download; its figures change as its node reports. */
    public static final class Entry {
        final String id;
        final String deviceId;
        final String channelId;
        final long start;
        final long end;
        final int speed;
        final String transport;
        final long requestedAt;
        private String mediaNode;
        private String mediaHttpUrl;
        private long deviceFileSize = -1;
        private State state = State.QUEUED;
        private long mediaMillis;
        private long fileBytes;
        private long receivedBytes;
        private long endedAt;
        private String reason;
        private boolean stopAsked;
        /** The device said end of file for the channel while this download was short of its range. */
        private boolean endOfFileSeen;

        /** The time of the last end of file handled (so that one replica handles it). */
        private long endOfFileAt;
        /** The orchestrator that started it (or took it over), and its cluster member; null in entries without one. */
        private String owner;
        private String ownerNode;

        Entry(String id, String deviceId, String channelId, long start, long end, int speed, String transport, long requestedAt) {
            this.id = id;
            this.deviceId = deviceId;
            this.channelId = channelId;
            this.start = start;
            this.end = end;
            this.speed = speed;
            this.transport = transport;
            this.requestedAt = requestedAt;
        }

        public String id() {
            return id;
        }

        synchronized String mediaHttpUrl() {
            return mediaHttpUrl;
        }

        /** The cluster member of the orchestrator answering for it, or null. */
        synchronized String ownerNode() {
            return ownerNode;
        }

        /** Now answered for by {@code who}: the one starting it, or a replica that took it over. */
        synchronized void ownedBy(StartsUnderWay.Owner who) {
            owner = who.id();
            ownerNode = who.node();
        }

        /** Its media node, known once its start chose one (where its file is written and served). */
        synchronized void onNode(String mediaNode, String mediaHttpUrl) {
            this.mediaNode = mediaNode;
            this.mediaHttpUrl = mediaHttpUrl;
        }

        /**
         * Its replica left the cluster and its stream is gone with no last report from its node: it ends
         * {@code failed}, keeping the figures (and the file) of what arrived. True when it changed.
         */
        synchronized boolean replicaLost(long now) {
            if (ended()) {
                return false;
            }
            state = State.FAILED;
            endedAt = now;
            reason = REPLICA_LOST + ": the api-service replica running it left the cluster and its stream is gone, after "
                    + seconds(mediaMillis / 1000.0) + " s of " + seconds(end - start) + " s";
            return true;
        }

        /**
         * Still queued long after it was asked for, with its start no longer under way and no stream: it
         * ends {@code failed}. True when it changed.
         */
        synchronized boolean startLost(long now) {
            if (state != State.QUEUED) {
                return false;
            }
            state = State.FAILED;
            endedAt = now;
            reason = START_LOST + ": its start ended and its stream never ran";
            return true;
        }

        /** When it was asked for (epoch millis). */
        long requestedAt() {
            return requestedAt;
        }

        private boolean lostWithItsReplica() {
            return state == State.FAILED && reason != null && reason.startsWith(REPLICA_LOST);
        }

        public synchronized State state() {
            return state;
        }

        synchronized boolean ended() {
            return state == State.DONE || state == State.FAILED || state == State.STOPPED;
        }

        public synchronized JsonObject describe(long now) {
            double range = end - start;
            double media = mediaMillis / 1000.0;
            long wall = (endedAt > 0 ? endedAt : now) - requestedAt;
            double progress = state == State.DONE ? 1.0 : Math.min(1.0, range <= 0 ? 0 : media / range);
            return new JsonObject().put("downloadId", id).put("deviceId", deviceId).put("channelId", channelId)
                    .put("start", start).put("end", end).put("speed", speed).put("transport", transport)
                    .put("state", state.name().toLowerCase(Locale.ROOT))
                    .put("progress", Math.round(progress * 1000) / 1000.0)
                    .put("bytes", fileBytes).put("receivedBytes", receivedBytes)
                    .put("deviceFileSize", deviceFileSize < 0 ? null : deviceFileSize)
                    .put("mediaSeconds", Math.round(media * 1000) / 1000.0)
                    .put("speedAchieved", wall <= 0 ? 0 : Math.round(media / (wall / 1000.0) * 100) / 100.0)
                    .put("requestedAt", requestedAt).put("endedAt", endedAt > 0 ? endedAt : null)
                    .put("mediaNode", mediaNode).put("reason", reason);
        }

        /** The node's report; true when it changed the state. */
        synchronized boolean report(DownloadProgress p) {
            if (lostWithItsReplica()) {
                // the node's last report came after the download was settled: its figures still count
                mediaMillis = Math.max(mediaMillis, p.mediaMillis());
                fileBytes = Math.max(fileBytes, p.fileBytes());
                receivedBytes = Math.max(receivedBytes, p.receivedBytes());
                return false;
            }
            if (ended()) {
                return false;
            }
            mediaMillis = Math.max(mediaMillis, p.mediaMillis());
            fileBytes = Math.max(fileBytes, p.fileBytes());
            receivedBytes = Math.max(receivedBytes, p.receivedBytes());
            if (!p.finished()) {
                return false;
            }
            endedAt = p.at();
            double range = end - start;
            double media = mediaMillis / 1000.0;
            if (stopAsked || "closed-by-user".equals(p.reason())) {
                state = State.STOPPED;
                reason = "stopped by a user after " + seconds(media) + " s of " + seconds(range) + " s";
            } else if (p.error() != null) {
                state = State.FAILED;
                reason = "the file could not be written: " + p.error();
            } else if ("end-of-file".equals(p.reason()) || media >= range - END_TOLERANCE_SECONDS) {
                state = State.DONE;
                reason = null;
            } else if ("stalled".equals(p.reason()) && endOfFileSeen) {
                state = State.FAILED;
                reason = "the device's recording ended (end of file) after " + seconds(media) + " s of " + seconds(range) + " s";
            } else if ("stalled".equals(p.reason())) {
                state = State.FAILED;
                reason = "no media arrived for a while (stalled) after " + seconds(media) + " s of " + seconds(range) + " s";
            } else {
                state = State.FAILED;
                reason = "the stream ended (" + p.reason() + ") after " + seconds(media) + " s of " + seconds(range) + " s";
            }
            return true;
        }

        private static String seconds(double s) {
            return String.format(Locale.ROOT, "%.1f", s);
        }

        synchronized void running(ActiveStream s, long deviceFileSize) {
            mediaNode = s.mediaNode();
            mediaHttpUrl = s.mediaHttpUrl();
            this.deviceFileSize = deviceFileSize;
            if (state == State.QUEUED) {
                state = State.RUNNING;
            }
        }

        synchronized void stopAsked() {
            stopAsked = true;
        }

        /** A user asked to stop it (also while it was still {@code queued}). */
        synchronized boolean stopWasAsked() {
            return stopAsked;
        }

        /** The device's end of file for this download's channel: true when its range is written (it is done). */
        synchronized boolean endOfFile() {
            if (mediaMillis / 1000.0 >= end - start - END_TOLERANCE_SECONDS) {
                return true;
            }
            endOfFileSeen = true;
            return false;
        }

        /** The device's end of file at {@code at}: false when it was handled already. */
        synchronized boolean endOfFileAt(long at) {
            if (at <= endOfFileAt) {
                return false;
            }
            endOfFileAt = at;
            return true;
        }

        /** Everything, as the cluster map keeps it. */
        synchronized JsonObject toJson() {
            return new JsonObject().put("id", id).put("deviceId", deviceId).put("channelId", channelId).put("start", start)
                    .put("end", end).put("speed", speed).put("transport", transport).put("requestedAt", requestedAt)
                    .put("mediaNode", mediaNode).put("mediaHttpUrl", mediaHttpUrl).put("deviceFileSize", deviceFileSize)
                    .put("state", state.name()).put("mediaMillis", mediaMillis).put("fileBytes", fileBytes)
                    .put("receivedBytes", receivedBytes).put("endedAt", endedAt).put("reason", reason)
                    .put("stopAsked", stopAsked).put("endOfFileSeen", endOfFileSeen).put("endOfFileAt", endOfFileAt)
                    .put("owner", owner).put("ownerNode", ownerNode);
        }

        static Entry fromJson(JsonObject j) {
            Entry e = new Entry(j.getString("id"), j.getString("deviceId"), j.getString("channelId"), j.getLong("start"),
                    j.getLong("end"), j.getInteger("speed"), j.getString("transport"), j.getLong("requestedAt"));
            e.mediaNode = j.getString("mediaNode");
            e.mediaHttpUrl = j.getString("mediaHttpUrl");
            e.deviceFileSize = j.getLong("deviceFileSize", -1L);
            e.state = State.valueOf(j.getString("state", State.QUEUED.name()));
            e.mediaMillis = j.getLong("mediaMillis", 0L);
            e.fileBytes = j.getLong("fileBytes", 0L);
            e.receivedBytes = j.getLong("receivedBytes", 0L);
            e.endedAt = j.getLong("endedAt", 0L);
            e.reason = j.getString("reason");
            e.stopAsked = j.getBoolean("stopAsked", false);
            e.endOfFileSeen = j.getBoolean("endOfFileSeen", false);
            e.endOfFileAt = j.getLong("endOfFileAt", 0L);
            e.owner = j.getString("owner");
            e.ownerNode = j.getString("ownerNode");
            return e;
        }
    }

    private static final int UPDATE_TRIES = 8;

    private final AsyncMap<String, String> entries;
    private final ClusterStreams streams;
    private final Vertx vertx;
    private final Consumer<JsonObject> listener;
    private final BiFunction<String, String, Future<Void>> stopper;

    private Downloads(Vertx vertx, AsyncMap<String, String> entries, ClusterStreams streams, Consumer<JsonObject> listener,
                      BiFunction<String, String, Future<Void>> stopper) {
        this.vertx = vertx;
        this.entries = entries;
        this.streams = streams;
        this.listener = listener;
        this.stopper = stopper;
    }

    /**
     * The table, listening to the nodes' reports and to the devices' end of file; {@code stopper}
     * stops a stream with a reason (the orchestrator's stop).
     */
    public static Future<Downloads> start(Vertx vertx, Consumer<JsonObject> listener,
                                          BiFunction<String, String, Future<Void>> stopper) {
        MeshCodec.register(vertx.eventBus());
        Future<AsyncMap<String, String>> map = vertx.sharedData().getAsyncMap(Addresses.DOWNLOADS_MAP);
        Future<ClusterStreams> table = ClusterStreams.open(vertx);
        return Future.all(map, table).compose(v -> {
            Downloads d = new Downloads(vertx, map.result(), table.result(), listener, stopper);
            Future<Void> progress = vertx.eventBus().<Object>consumer(Addresses.DOWNLOAD_PROGRESS, m -> {
                if (m.body() instanceof DownloadProgress p) {
                    d.report(p);
                }
            }).completion();
            Future<Void> status = vertx.eventBus().<Object>consumer(Addresses.MEDIA_STATUS, m -> {
                if (m.body() instanceof MediaStatusNotified s && s.endOfFile()) {
                    d.endOfFile(s);
                }
            }).completion();
            return Future.all(progress, status).map(d);
        });
    }

    /**
     * A device's end of file is about one stream ({@link EndOfFileMatch}: its dialog's, or the oldest
     * of its channel's): when that is a download, after {@link #END_GRACE_MILLIS} (the last packets' time
     * to arrive and be reported) it ends {@code done} if its range is written; otherwise it goes on, and
     * if it then stalls it fails as a recording that ended early.
     */
    private void endOfFile(MediaStatusNotified status) {
        streams.all().map(all -> EndOfFileMatch.streamOf(status, all)).onSuccess(s -> {
            if (s == null || s.kind() != io.gbmesh.contracts.StreamKind.DOWNLOAD) {
                return;
            }
            vertx.setTimer(END_GRACE_MILLIS, t -> {
                boolean[] written = {false};
                change(s.streamId(), e -> {
                    if (e.ended() || !e.endOfFileAt(status.at())) {
                        return false;
                    }
                    written[0] = e.endOfFile();
                    return true;
                }).onSuccess(e -> {
                    if (e != null && written[0]) {
                        stopper.apply(e.id, "end-of-file");
                    }
                });
            });
        });
    }

    /** Records a download, {@code queued} while its stream starts, {@code running} from its first frame. */
    Future<Void> add(Entry e) {
        return entries.put(e.id, e.toJson().encode());
    }

    /**
     * Its stream started (first frame): the entry recorded while it started becomes {@code running}
     * (what its node reported meanwhile kept); recorded afresh if it is not there.
     */
    Future<Entry> started(Entry queued, ActiveStream s, long deviceFileSize) {
        return change(queued.id, e -> {
            e.running(s, deviceFileSize);
            return true;
        }).compose(e -> e != null ? Future.succeededFuture(e) : get(queued.id)).compose(e -> {
            if (e != null) {
                return Future.succeededFuture(e);
            }
            queued.running(s, deviceFileSize);
            return add(queued).map(queued);
        });
    }

    /** Its start failed (the caller is told why): it is not listed. */
    Future<Void> forget(String id) {
        return entries.remove(id).mapEmpty();
    }

    /** The downloads not ended yet, as the map has them now (an entry that cannot be read is passed over). */
    Future<List<Entry>> unended() {
        return entries.values().map(values -> {
            List<Entry> out = new ArrayList<>();
            values.forEach(v -> {
                try {
                    Entry e = Entry.fromJson(new JsonObject(v));
                    if (!e.ended()) {
                        out.add(e);
                    }
                } catch (RuntimeException unreadable) {
                    // left as it is: the listing shows the same entry as it can
                }
            });
            return out;
        });
    }

    void report(DownloadProgress p) {
        change(p.streamId(), e -> {
            e.report(p);
            return true;
        }).onSuccess(e -> {
            if (e != null) {
                listener.accept(e.describe(System.currentTimeMillis()));
            }
        });
    }

    /**
     * A user asked {@code by} to stop it. A running one is answered for by that replica from now on (so
     * that its end, reported by its node, is not taken for one lost with its replica). A queued one keeps
     * its owner, the replica running its start: that one stops it once its stream starts, and should it
     * go, the download is settled as lost with it ({@link OrphanDownloads}); owned by {@code by}, it would
     * be looked at by no sweep and stay queued for ever. The entry as it is now, null for no such download.
     */
    Future<Entry> stopAsked(String id, StartsUnderWay.Owner by) {
        return change(id, e -> {
            e.stopAsked();
            if (e.state() != State.QUEUED) {
                e.ownedBy(by);
            }
            return true;
        }).compose(e -> e != null ? Future.succeededFuture(e) : get(id));
    }

    /**
     * Changes the download by {@code change} (false: nothing to change) with a compare-and-set, written
     * only when it changed something: the entry for the caller whose change was written, null for the
     * others (no such download, nothing changed, or another replica changed it the same way first).
     */
    Future<Entry> change(String id, java.util.function.Predicate<Entry> change) {
        return change(id, change, 0);
    }

    private Future<Entry> change(String id, java.util.function.Predicate<Entry> change, int tries) {
        return entries.get(id).compose(json -> {
            if (json == null || tries >= UPDATE_TRIES) {
                return Future.succeededFuture(null);
            }
            Entry e = Entry.fromJson(new JsonObject(json));
            if (!change.test(e)) {
                return Future.succeededFuture(null);
            }
            String next = e.toJson().encode();
            if (next.equals(json)) {
                return Future.succeededFuture(null);
            }
            return entries.replaceIfPresent(id, json, next)
                    .compose(won -> won ? Future.succeededFuture(e) : change(id, change, tries + 1));
        });
    }

    /** The download, or null. */
    public Future<Entry> get(String id) {
        return id == null ? Future.succeededFuture(null)
                : entries.get(id).map(json -> json == null ? null : Entry.fromJson(new JsonObject(json)));
    }

    /** Every download of the mesh, oldest first. */
    public Future<JsonArray> list(long now) {
        return entries.values().map(values -> {
            List<Entry> all = new ArrayList<>(values.size());
            values.forEach(v -> all.add(Entry.fromJson(new JsonObject(v))));
            all.sort(Comparator.comparingLong((Entry e) -> e.requestedAt).thenComparing(e -> e.id));
            JsonArray out = new JsonArray();
            all.forEach(e -> out.add(e.describe(now)));
            return out;
        });
    }
}
