package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The streams of the whole mesh, in cluster maps ({@link Addresses#STREAMS_MAP}, and
 * {@link Addresses#LIVE_CHANNELS_MAP} for the live stream of each channel), so that every
 * api-service replica lists, reuses and stops every stream, also after the replica that started it
 * is gone. Every replica hears the media nodes' and gateways' events: the one whose
 * {@link #take} or {@link #update} wins (an atomic remove, a compare-and-set) is the one that acts.
 */
final class ClusterStreams {
    private static final int UPDATE_TRIES = 8;

    private final AsyncMap<String, String> streams;
    private final AsyncMap<String, String> liveChannels;

    private ClusterStreams(AsyncMap<String, String> streams, AsyncMap<String, String> liveChannels) {
        this.streams = streams;
        this.liveChannels = liveChannels;
    }

    static Future<ClusterStreams> open(Vertx vertx) {
        Future<AsyncMap<String, String>> streams = vertx.sharedData().getAsyncMap(Addresses.STREAMS_MAP);
        Future<AsyncMap<String, String>> channels = vertx.sharedData().getAsyncMap(Addresses.LIVE_CHANNELS_MAP);
        return Future.all(streams, channels).map(v -> new ClusterStreams(streams.result(), channels.result()));
    }

    /** The key of a channel's live stream: one per channel and profile. */
    static String channelKey(String deviceId, String channelId, int profile) {
        return deviceId + '|' + channelId + '|' + profile;
    }

    private static String encode(ActiveStream s) {
        return JsonObject.mapFrom(s).encode();
    }

    private static ActiveStream decode(String json) {
        return json == null ? null : new JsonObject(json).mapTo(ActiveStream.class);
    }

    /** The stream, or null. */
    Future<ActiveStream> get(String streamId) {
        return streams.get(streamId).map(ClusterStreams::decode);
    }

    /** Every stream, oldest first. */
    Future<List<ActiveStream>> all() {
        return streams.values().map(values -> {
            List<ActiveStream> out = new ArrayList<>(values.size());
            values.forEach(v -> out.add(decode(v)));
            out.sort(Comparator.comparingLong(ActiveStream::startedAt).thenComparing(ActiveStream::streamId));
            return out;
        });
    }

    /** The channel's running live stream, or null (an index entry whose stream is gone is dropped). */
    Future<ActiveStream> liveOf(String channelKey) {
        return liveChannels.get(channelKey).compose(id -> id == null ? Future.succeededFuture(null)
                : get(id).compose(s -> s != null ? Future.succeededFuture(s)
                        : liveChannels.removeIfPresent(channelKey, id).map((ActiveStream) null)));
    }

    /**
     * Records a started stream. A live one becomes its channel's stream, unless another replica
     * recorded one for the channel first: then that one is answered (and the caller stops its own).
     */
    Future<ActiveStream> record(ActiveStream s, String channelKey) {
        Future<Void> put = streams.put(s.streamId(), encode(s));
        if (channelKey == null) {
            return put.map(s);
        }
        return put.compose(v -> liveChannels.putIfAbsent(channelKey, s.streamId())).compose(previous -> {
            if (previous == null || previous.equals(s.streamId())) {
                return Future.succeededFuture(s);
            }
            return get(previous).compose(other -> other != null ? Future.succeededFuture(other)
                    : liveChannels.replaceIfPresent(channelKey, previous, s.streamId()).map(s));
        });
    }

    /** Removes the stream from the table: the stream for the one caller that removed it, null for the others. */
    Future<ActiveStream> take(String streamId) {
        return streams.remove(streamId).map(ClusterStreams::decode).compose(s -> s == null
                ? Future.succeededFuture(null)
                : liveChannels.removeIfPresent(channelKey(s.deviceId(), s.channelId(), s.profile()), streamId).map(s));
    }

    /**
     * Changes the stream by {@code change} (which returns null when there is nothing to change) with a
     * compare-and-set: the new stream for the caller whose change was written, null for the others
     * (no stream, nothing to change, or another replica changed it the same way first).
     */
    Future<ActiveStream> update(String streamId, UnaryOperator<ActiveStream> change) {
        return update(streamId, change, 0);
    }

    private Future<ActiveStream> update(String streamId, UnaryOperator<ActiveStream> change, int tries) {
        return streams.get(streamId).compose(json -> {
            ActiveStream now = decode(json);
            ActiveStream next = now == null ? null : change.apply(now);
            if (next == null || tries >= UPDATE_TRIES) {
                return Future.succeededFuture(null);
            }
            return streams.replaceIfPresent(streamId, json, encode(next))
                    .compose(won -> won ? Future.succeededFuture(next) : update(streamId, change, tries + 1));
        });
    }
}
